import { randomUUID } from 'node:crypto';
import type { RunningTarget } from './app/start-target.js';
import { pause } from './clients/http.js';
import { failureLog } from './failures.js';
import { tenth } from './measure/percentiles.js';
import { callsPerUnit, readServerCalls, type ServerCalls } from './measure/server-calls.js';
import { waitForQuiet } from './measure/quiet.js';
import { measureUsage, perUnit, rssMb, type ProcessUsage } from './measure/usage.js';
import type { BenchModel } from './model.js';
import type { BenchOptions } from './options.js';
import type { Scenario, ScenarioResult, ScenarioRun } from './scenario.js';

/**
 * Runs the scenarios one after another on a running checkout, measuring every process's CPU
 * and memory around each. A scenario that throws is reported as failed and the next one runs.
 */
export async function runScenarios(
  target: RunningTarget,
  scenarios: readonly Scenario[],
  {
    options,
    model,
    signal,
    progress,
  }: {
    options: BenchOptions;
    model: BenchModel;
    signal: AbortSignal;
    progress(message: string): void;
  },
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  let lastEnded = 0;
  // Each scenario's processes are read once more after the pause that follows it: the memory
  // they hold once the load is over, not only at its end.
  const settleAfterLast = async () => {
    const last = results.at(-1);
    if (!last || signal.aborted) return;
    await settle(target, lastEnded + options.settleS * 1000, {
      signal,
      progress,
      profiled: options.cpuProf !== undefined,
    });
    last.processes = last.processes.map((p) => ({ ...p, settledRssMb: rssMb(p.pid) }));
  };
  for (const scenario of scenarios) {
    if (signal.aborted) break;
    await settleAfterLast();
    progress(`${target.label}: ${scenario.name} …`);
    let window = await measureWindow(target);
    let usedWindow: Measured | undefined;
    let windowed = false;
    const measured = async <T>(work: () => Promise<T>): Promise<T> => {
      if (windowed) throw new Error(`${scenario.name}: measured() may be called once`);
      windowed = true;
      window.cancel();
      // The set-up's last calls reach the server's counters on its reporting interval: let
      // them, so they do not count as the measured work's.
      await pause(metricsSettleMs, signal).catch(() => undefined);
      window = await measureWindow(target);
      try {
        return await work();
      } finally {
        usedWindow = await window.stop();
      }
    };
    const started = performance.now();
    let run: ScenarioRun;
    try {
      run = await scenario.run({
        options,
        target,
        model,
        signal,
        tag: `${scenario.name}-${randomUUID().slice(0, 8)}`,
        progress,
        measured,
      });
    } catch (err) {
      const failures = failureLog();
      failures.add(err);
      run = {
        title: scenario.name,
        unit: 'casts',
        clients: 0,
        requested: 0,
        completed: 0,
        wallMs: performance.now() - started,
        failures: failures.summary(),
      };
    }
    const used = usedWindow ?? (await window.stop());
    const processes = used.processes.map((p) => perUnit(p, run.completed));
    const serverCalls =
      used.calls && callsPerUnit(used.calls.before, used.calls.after, run.completed);
    results.push({
      name: scenario.name,
      ...run,
      wallMs: tenth(run.wallMs),
      ...(run.wallMs > 0 && !run.unsupported
        ? { perSecond: Math.round((run.completed / (run.wallMs / 1000)) * 100) / 100 }
        : {}),
      processes,
      ...(serverCalls && Object.keys(serverCalls).length > 0 ? { serverCalls } : {}),
    });
    lastEnded = performance.now();
    progress(
      `${target.label}: ${scenario.name} done${run.unsupported ? ` (${run.unsupported})` : ''}`,
    );
  }
  await settleAfterLast();
  return results;
}

/**
 * Lets the processes under test finish what the scenario before left them, unmeasured: until
 * `until` (performance.now() time), then until they are quiet. The dev server fires every
 * run's activity timeout timer when it falls due, a minute after the run started, however
 * long ago the run closed. Measured within that minute, the casts after the floor paid for
 * the floor's 1,000 timers: 41–42 ms of dev server CPU per cast instead of 31–33, and 24
 * casts/s instead of 29 (decision 0030).
 */
async function settle(
  target: RunningTarget,
  until: number,
  {
    signal,
    progress,
    profiled,
  }: { signal: AbortSignal; progress: (message: string) => void; profiled: boolean },
): Promise<void> {
  const started = performance.now();
  const left = until - started;
  if (left > 0) {
    progress(`${target.label}: settling ${(left / 1000).toFixed(0)} s …`);
    // Aborted: the loop stops before the next scenario.
    await pause(left, signal).catch(() => undefined);
  }
  const underTest = target.processes.filter((p) => p.pid !== process.pid);
  const { quiet } = await waitForQuiet(underTest, {
    signal,
    ...(profiled ? { busyShare: profiledBusyShare } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  progress(`${target.label}: ${quiet ? 'settled' : 'still busy; going on'} after ${seconds} s`);
}

/**
 * Under `--cpu-prof` an idle npm start and floor worker each spent 6–9% of a core (the
 * profiler samples every thread of the SDK's worker), never under the 5% that counts as quiet
 * otherwise: every settle waited out its 120 s bound.
 */
const profiledBusyShare = 0.15;

interface Measured {
  processes: ProcessUsage[];
  calls?: { before: ServerCalls; after: ServerCalls };
}

/**
 * The server's counters reach its metrics endpoint on its reporting interval, not at each
 * call: the closing reading waits that long, so a scenario's last calls count as its own.
 */
const metricsSettleMs = 1_500;

/**
 * CPU and memory of every process, and the calls to the dev server, from now until stop();
 * cancel() drops a window whose figures will not count (the set-up before `measured`).
 */
async function measureWindow(target: RunningTarget) {
  const before = await readServerCalls(target.metricsUrl);
  const usage = measureUsage(target.processes);
  return {
    cancel(): void {
      usage.stop();
    },
    async stop(): Promise<Measured> {
      const processes = usage.stop();
      if (!before) return { processes };
      await new Promise((resolve) => setTimeout(resolve, metricsSettleMs));
      const after = await readServerCalls(target.metricsUrl);
      return after ? { processes, calls: { before, after } } : { processes };
    },
  };
}
