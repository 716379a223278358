import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// Linux's /proc: the CPU time and memory of the processes under test, read from outside them so
// the figures cost them nothing and cover every thread (V8, libuv, the SDK's Rust core, Go).

export interface ProcStat {
  comm: string;
  ppid: number;
  /** User + system CPU time so far, in milliseconds. */
  cpuMs: number;
  /** Start time since boot, in clock ticks: with the pid, it names one process for good. */
  startTicks: number;
}

export interface ProcMemory {
  rssKb: number;
  /** The peak resident set of the process's whole life (VmHWM). */
  peakRssKb: number;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const text = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
    ticksPerSecond = Number(text) > 0 ? Number(text) : 100;
  }
  return ticksPerSecond;
}

/** Parses /proc/<pid>/stat; the command name is in parentheses and may hold spaces. */
export function parseStat(text: string, ticks = clockTicks()): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${text.slice(0, 80)}`);
  // Fields after the name, numbered as in proc(5) from field 3 (state).
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number) => Number(fields[n - 3]);
  return {
    comm: text.slice(open + 1, close),
    ppid: field(4),
    cpuMs: ((field(14) + field(15)) * 1000) / ticks,
    startTicks: field(22),
  };
}

/** Parses VmRSS and VmHWM out of /proc/<pid>/status. */
export function parseStatus(text: string): ProcMemory {
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssKb: kb('VmRSS'), peakRssKb: kb('VmHWM') };
}

export function readStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readMemory(pid: number): ProcMemory | undefined {
  try {
    return parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The arguments a process was started with. */
export function readCommandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** A process's environment, as it was when it started. */
export function readEnvironment(pid: number): Record<string, string> {
  try {
    const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    return Object.fromEntries(
      entries.map((entry) => {
        const at = entry.indexOf('=');
        return [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  } catch {
    return {};
  }
}

/** Every live process below `pid`, children first. */
export function descendantsOf(pid: number): { pid: number; stat: ProcStat }[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => ({ pid: Number(name), stat: readStat(Number(name)) }))
    .filter((p): p is { pid: number; stat: ProcStat } => p.stat !== undefined);
  const found: { pid: number; stat: ProcStat }[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!parents.has(p.pid) && parents.has(p.stat.ppid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** The load average over 1, 5 and 15 minutes: how busy the shared machine was. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [one ?? NaN, five ?? NaN, fifteen ?? NaN];
}
