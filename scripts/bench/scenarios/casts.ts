import { isDeepStrictEqual } from 'node:util';
import { castClients, type CastFunction } from '../clients/index.js';
import { readLog } from '../clients/http.js';
import { BenchFailure, failureLog } from '../failures.js';
import { castItem, type BenchItem } from '../items.js';
import { spreadOf } from '../measure/percentiles.js';
import type { Scenario, ScenarioContext, ScenarioRun } from '../scenario.js';
import { clientCount } from './floor.js';
import { inLanes } from './lanes.js';

/**
 * N clients work through the casts, each submitting one and following it to its value before
 * the next, through the HTTP API as the chosen client mode does. Latency runs from the submit
 * to the answer that shows the value; every value is checked against the one its text asks for.
 */
async function drive(
  ctx: ScenarioContext,
  cast: CastFunction,
  items: BenchItem[],
  expectedOutcome: 'new' | 'cached',
) {
  const reads = readLog();
  const failures = failureLog(ctx.signal);
  const latencies: number[] = [];
  const afterModel: number[] = [];
  const context = { appUrl: ctx.target.appUrl, options: ctx.options, reads, signal: ctx.signal };
  const started = performance.now();
  await inLanes(ctx.options.clients, items.length, ctx.signal, async (i) => {
    const item = items[i]!;
    const t0 = performance.now();
    try {
      const seen = await cast(item, context);
      const ms = performance.now() - t0;
      if (!isDeepStrictEqual(seen.value, item.expected))
        throw new BenchFailure(
          'wrong value',
          `"${item.text}" showed ${JSON.stringify(seen.value)}, not ${JSON.stringify(item.expected)}`,
        );
      if (seen.outcome !== undefined && seen.outcome !== expectedOutcome)
        throw new BenchFailure(
          'outcome',
          `expected ${expectedOutcome}, the app said ${seen.outcome}`,
        );
      latencies.push(ms);
      const answeredAt = ctx.model.answeredAt(item.text);
      if (expectedOutcome === 'new' && answeredAt !== undefined)
        afterModel.push(Math.max(0, Date.now() - answeredAt));
    } catch (err) {
      failures.add(err);
    }
  });
  return {
    wallMs: performance.now() - started,
    latencies,
    afterModel,
    reads,
    failures: failures.summary(),
  };
}

export const castsScenario: Scenario = {
  name: 'casts',
  async run(ctx): Promise<ScenarioRun> {
    const { options } = ctx;
    const client = castClients[options.mode];
    const title = `casts, ${client.describe(options)}${options.cacheHits ? ', cache hits' : ''}, ${clientCount(options.clients)}`;
    const base = {
      title,
      unit: 'casts' as const,
      clients: options.clients,
      requested: options.casts,
    };
    const cast = await client.forApp(ctx.target.appUrl, ctx.signal);
    if ('unsupported' in cast)
      return {
        ...base,
        unsupported: cast.unsupported,
        completed: 0,
        wallMs: 0,
        failures: failureLog().summary(),
      };

    const items = Array.from({ length: options.casts }, (_, i) => castItem(ctx.tag, i + 1));
    const notes: string[] = [];
    if (options.cacheHits) {
      ctx.progress('  submitting every text once, so the load below reads cached casts …');
      const warm = await drive(ctx, cast, items, 'new');
      notes.push(`cache warmed with ${items.length} casts (${warm.failures.count} failed)`);
    }
    const modelCallsBefore = ctx.model.calls();
    const run = await ctx.measured(() =>
      drive(ctx, cast, items, options.cacheHits ? 'cached' : 'new'),
    );
    return {
      ...base,
      completed: run.latencies.length,
      wallMs: run.wallMs,
      latencyMs: spreadOf(run.latencies),
      ...(run.afterModel.length > 0 ? { afterModelMs: spreadOf(run.afterModel) } : {}),
      reads: { latencyMs: spreadOf(run.reads.latencies), errors: run.reads.errors() },
      failures: run.failures,
      modelCalls: ctx.model.calls() - modelCallsBefore,
      ...(notes.length > 0 ? { notes } : {}),
    };
  },
};
