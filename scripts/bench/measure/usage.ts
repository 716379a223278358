import { readMemory, readStat } from './proc.js';

/** A process whose CPU and memory the bench reports, by the part it plays. */
export interface WatchedProcess {
  /** "start (worker + web)", "dev server", "worker 1", "floor worker", "bench (clients)". */
  role: string;
  pid: number;
}

export interface ProcessUsage {
  role: string;
  pid: number;
  /** CPU time (user + system, all threads) spent during the scenario. */
  cpuMs: number;
  /** cpuMs divided by what the scenario completed (casts, runs, reads). */
  cpuMsPerUnit?: number;
  /** Resident memory at the end of the scenario. */
  rssMb: number;
  /** The highest resident memory seen during the scenario (sampled every second). */
  maxRssMb: number;
  /** Resident memory after the pause that follows the scenario (--settle-s), once idle. */
  settledRssMb?: number;
}

const sampleEveryMs = 1_000;
const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/**
 * Measures what the processes spend from now until stop(): CPU from /proc/<pid>/stat before and
 * after, memory sampled while it runs. A process that has gone reports what was seen of it.
 */
export function measureUsage(processes: readonly WatchedProcess[]) {
  const before = new Map(processes.map((p) => [p.pid, readStat(p.pid)?.cpuMs ?? 0]));
  const maxRssKb = new Map<number, number>();
  const sample = () => {
    for (const p of processes) {
      const rss = readMemory(p.pid)?.rssKb ?? 0;
      maxRssKb.set(p.pid, Math.max(maxRssKb.get(p.pid) ?? 0, rss));
    }
  };
  sample();
  const timer = setInterval(sample, sampleEveryMs);
  timer.unref();

  return {
    stop(): ProcessUsage[] {
      clearInterval(timer);
      sample();
      return processes.map((p) => ({
        role: p.role,
        pid: p.pid,
        cpuMs: Math.round(Math.max(0, (readStat(p.pid)?.cpuMs ?? 0) - (before.get(p.pid) ?? 0))),
        rssMb: rssMb(p.pid),
        maxRssMb: mb(maxRssKb.get(p.pid) ?? 0),
      }));
    },
  };
}

/** A process's resident memory now, in MB (0 once it has gone). */
export function rssMb(pid: number): number {
  return mb(readMemory(pid)?.rssKb ?? 0);
}

/** The usage with its CPU per completed unit (cast, run, read). */
export function perUnit(usage: ProcessUsage, completed: number): ProcessUsage {
  if (completed <= 0) return usage;
  return { ...usage, cpuMsPerUnit: Math.round((usage.cpuMs / completed) * 10) / 10 };
}
