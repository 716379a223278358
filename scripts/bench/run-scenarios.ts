import { randomUUID } from 'node:crypto';
import type { RunningTarget } from './app/start-target.js';
import { failureLog } from './failures.js';
import { tenth } from './measure/percentiles.js';
import { measureUsage, perUnit, type ProcessUsage } from './measure/usage.js';
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
  for (const scenario of scenarios) {
    if (signal.aborted) break;
    progress(`${target.label}: ${scenario.name} …`);
    let usage = measureUsage(target.processes);
    let usedWindow: ProcessUsage[] | undefined;
    let windowed = false;
    const measured = async <T>(work: () => Promise<T>): Promise<T> => {
      if (windowed) throw new Error(`${scenario.name}: measured() may be called once`);
      windowed = true;
      usage.stop();
      usage = measureUsage(target.processes);
      try {
        return await work();
      } finally {
        usedWindow = usage.stop();
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
    const processes = (usedWindow ?? usage.stop()).map((p) => perUnit(p, run.completed));
    results.push({
      name: scenario.name,
      ...run,
      wallMs: tenth(run.wallMs),
      ...(run.wallMs > 0 && !run.unsupported
        ? { perSecond: Math.round((run.completed / (run.wallMs / 1000)) * 100) / 100 }
        : {}),
      processes,
    });
    progress(
      `${target.label}: ${scenario.name} done${run.unsupported ? ` (${run.unsupported})` : ''}`,
    );
  }
  return results;
}
