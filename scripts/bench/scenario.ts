import type { Client } from '@temporalio/client';
import type { FailureSummary } from './failures.js';
import type { Spread } from './measure/percentiles.js';
import type { ProcessUsage } from './measure/usage.js';
import type { BenchModel } from './model.js';
import type { BenchOptions } from './options.js';

// A scenario is one measurement on a running checkout. The runner (run-target.ts) measures the
// CPU and memory of every process around it and works out the rate; the scenario measures its
// own latencies and failures. To add one: a module in scenarios/ and a line in scenarios/index.ts.

/** A checkout under test, running as `npm start` runs it. */
export interface BenchTarget {
  /** "this (abc1234)", "main (def5678)": how the report names it. */
  label: string;
  /** The web app, e.g. http://127.0.0.1:41234. */
  appUrl: string;
  /** The dev server `npm start` started, host:port. */
  temporalAddress: string;
  /** The task queue of the floor's own worker process. */
  floorTaskQueue: string;
  /** A Temporal client on the dev server, shared by the scenarios of this target. */
  temporalClient(): Promise<Client>;
}

export interface ScenarioContext {
  options: BenchOptions;
  target: BenchTarget;
  model: BenchModel;
  /** Aborted on Ctrl-C and at the run's deadline: stop submitting, stop waiting. */
  signal: AbortSignal;
  /** Unique to this scenario on this target: texts and workflow ids include it. */
  tag: string;
  /** A line on stderr, so a long run shows where it is; stdout is for the figures. */
  progress(message: string): void;
  /**
   * Marks the part whose CPU and memory count (e.g. not a warm-up or a clean-up). A scenario
   * that never calls it is measured whole.
   */
  measured<T>(work: () => Promise<T>): Promise<T>;
}

/** What a scenario measured itself. */
export interface ScenarioRun {
  /** "floor, 200 clients", "casts (poll 1000 ms), 200 clients": a line of the report. */
  title: string;
  /** What `completed` counts; the rate is per second of these. */
  unit: 'casts' | 'runs' | 'reads' | 'rows';
  /** Set when this checkout cannot do what the scenario asks (e.g. no wait parameter). */
  unsupported?: string;
  clients: number;
  requested: number;
  completed: number;
  /** From the first submit to the last value seen. */
  wallMs: number;
  /** Per unit: submit → value seen by the client; for reads, the read itself. */
  latencyMs?: Spread;
  /** Per cast: the model's answer written → the client sees the value. */
  afterModelMs?: Spread;
  /** The state reads the clients did on the way (each GET of a running cast). */
  reads?: { latencyMs?: Spread; errors: number };
  failures: FailureSummary;
  /** Chat requests the model received during the scenario: one per new cast, no more. */
  modelCalls?: number;
  notes?: string[];
}

export interface Scenario {
  /** Its name in --scenarios and its key in the JSON. */
  name: string;
  /** Whether it has anything to measure with these options; runs when omitted. */
  enabled?(options: BenchOptions): boolean;
  run(ctx: ScenarioContext): Promise<ScenarioRun>;
}

/** A scenario's figures with what the runner adds. */
export interface ScenarioResult extends ScenarioRun {
  name: string;
  /** completed / wall time: casts/s, runs/s, reads/s or rows/s. */
  perSecond?: number;
  processes: ProcessUsage[];
  /** Calls to the dev server per completed unit, by operation, most frequent first. */
  serverCalls?: Record<string, number>;
}
