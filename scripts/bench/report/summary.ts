import type { BenchOptions } from '../options.js';
import type { ScenarioResult } from '../scenario.js';

/** One checkout's figures. */
export interface TargetReport {
  label: string;
  revision: string;
  /** How a --compare checkout got its node_modules. */
  install?: string;
  devServer: { sqlitePragmas: string[]; journal: 'wal' | 'rollback' };
  /** node's flags on npm start's command line (package.json's, --node-arg, --cpu-prof). */
  nodeFlags: string[];
  /** The variables npm start's script sets, as the process got them (--app-env may override). */
  scriptEnv: Record<string, string>;
  loadAverage: { before: number[]; after: number[] };
  scenarios: Record<string, ScenarioResult>;
  overhead?: Overhead;
}

/** The casts against the floor under the same load, both measured on this checkout's server. */
export interface Overhead {
  /** casts/s ÷ floor runs/s: 1 is as fast as Temporal alone. */
  throughputOfFloor?: number;
  /** The casts' latency ÷ the floor's, at each percentile: 1 is no overhead. */
  latencyOverFloor: { p50?: number; p95?: number; p99?: number };
}

export interface Ratio {
  metric: string;
  candidate: number;
  baseline: number;
  /** candidate ÷ baseline. */
  ratio: number;
}

export interface BenchReport {
  bench: 'typecast';
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; loadAverage: { before: number[]; after: number[] } };
  options: BenchOptions;
  targets: TargetReport[];
  /** With --compare: this checkout (candidate) ÷ the other (baseline), metric by metric. */
  comparison?: { candidate: string; baseline: string; ratios: Ratio[] };
  /** Why the run stopped early, if it did. */
  stopped?: string;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratioOf = (a?: number, b?: number) => (a !== undefined && b ? round(a / b) : undefined);

export function overheadOf(scenarios: Record<string, ScenarioResult>): Overhead | undefined {
  const casts = scenarios.casts;
  const floor = scenarios.floor;
  if (!casts || !floor || casts.unsupported || !casts.latencyMs || !floor.latencyMs)
    return undefined;
  return {
    throughputOfFloor: ratioOf(casts.perSecond, floor.perSecond),
    latencyOverFloor: {
      p50: ratioOf(casts.latencyMs.p50, floor.latencyMs.p50),
      p95: ratioOf(casts.latencyMs.p95, floor.latencyMs.p95),
      p99: ratioOf(casts.latencyMs.p99, floor.latencyMs.p99),
    },
  };
}

/** All calls to the dev server per unit, whatever the operation. */
export function totalCalls(perUnit: Record<string, number>): number {
  return round(
    Object.values(perUnit).reduce((sum, n) => sum + n, 0),
    2,
  );
}

/** The figures worth comparing across checkouts, by name. */
function metrics(target: TargetReport): Map<string, number> {
  const found = new Map<string, number>();
  const put = (name: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) found.set(name, value);
  };
  for (const [name, s] of Object.entries(target.scenarios)) {
    if (s.unsupported) continue;
    put(`${name}: ${s.unit}/s`, s.perSecond);
    put(`${name}: p50 ms`, s.latencyMs?.p50);
    put(`${name}: p95 ms`, s.latencyMs?.p95);
    put(`${name}: p99 ms`, s.latencyMs?.p99);
    put(`${name}: after model p95 ms`, s.afterModelMs?.p95);
    put(`${name}: read p50 ms`, s.reads?.latencyMs?.p50);
    put(`${name}: read p99 ms`, s.reads?.latencyMs?.p99);
    put(`${name}: failed`, s.failures.count);
    if (s.serverCalls) {
      const unit = s.unit.replace(/s$/, '');
      put(`${name}: server calls/${unit}`, totalCalls(s.serverCalls));
      for (const [operation, n] of Object.entries(s.serverCalls))
        if (n >= 0.5) put(`${name}: ${operation}/${unit}`, n);
    }
    // A process that idled through the scenario (the floor's worker during the casts) has no
    // figure worth a ratio.
    const totalCpuMs = s.processes.reduce((sum, p) => sum + p.cpuMs, 0);
    for (const p of s.processes.filter((p) => p.cpuMs >= totalCpuMs / 100)) {
      put(`${name}: ${p.role} CPU ms/${s.unit.replace(/s$/, '')}`, p.cpuMsPerUnit);
      put(`${name}: ${p.role} max RSS MB`, p.maxRssMb);
      put(`${name}: ${p.role} settled RSS MB`, p.settledRssMb);
    }
  }
  put('overhead: throughput of floor', target.overhead?.throughputOfFloor);
  put('overhead: p50 over floor', target.overhead?.latencyOverFloor.p50);
  return found;
}

export function compare(candidate: TargetReport, baseline: TargetReport): Ratio[] {
  const theirs = metrics(baseline);
  return [...metrics(candidate)].flatMap(([metric, value]) => {
    const other = theirs.get(metric);
    return other === undefined || (other === 0 && value === 0)
      ? []
      : [
          {
            metric,
            candidate: value,
            baseline: other,
            ratio: other === 0 ? NaN : round(value / other),
          },
        ];
  });
}

/** A run with a failed cast, an unfinished one or a crashed scenario is not a clean figure. */
export function clean(report: BenchReport): boolean {
  return (
    !report.stopped &&
    report.targets.every((target) =>
      Object.values(target.scenarios).every(
        (s) =>
          s.unsupported !== undefined || (s.failures.count === 0 && s.completed === s.requested),
      ),
    )
  );
}
