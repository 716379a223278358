import { BenchFailure, failureLog } from '../failures.js';
import type { benchFloor } from '../floor/workflows.js';
import { spreadOf } from '../measure/percentiles.js';
import type { Scenario, ScenarioContext, ScenarioRun } from '../scenario.js';
import { inLanes } from './lanes.js';

// The floor: what Temporal itself costs for a cast's shape — a workflow with one activity that
// takes as long as the model — started by a Temporal client and awaited with result(), on the
// same dev server as the app, with its own worker process.

async function runFloor(
  ctx: ScenarioContext,
  clients: number,
  runs: number,
  title: string,
): Promise<ScenarioRun> {
  const { latencyMs } = ctx.options;
  const client = await ctx.target.temporalClient();
  const latencies: number[] = [];
  const failures = failureLog(ctx.signal);
  const started = performance.now();
  await inLanes(clients, runs, ctx.signal, async (i) => {
    const t0 = performance.now();
    try {
      const result = await client.withAbortSignal(ctx.signal, async () => {
        const handle = await client.workflow.start<typeof benchFloor>('benchFloor', {
          taskQueue: ctx.target.floorTaskQueue,
          workflowId: `bench-floor-${ctx.tag}-${i}`,
          args: [latencyMs],
        });
        return handle.result();
      });
      if (result !== latencyMs)
        throw new BenchFailure('wrong value', `the floor returned ${result}`);
      latencies.push(performance.now() - t0);
    } catch (err) {
      failures.add(err);
    }
  });
  return {
    title,
    unit: 'runs',
    clients,
    requested: runs,
    completed: latencies.length,
    wallMs: performance.now() - started,
    latencyMs: spreadOf(latencies),
    failures: failures.summary(),
  };
}

/** One client, one run after another: the least time a start → result can take here. */
export const floorSoloScenario: Scenario = {
  name: 'floor-solo',
  // With one client the load itself is this.
  enabled: (options) => options.clients > 1 && options.floorSoloRuns > 0,
  run: (ctx) => runFloor(ctx, 1, ctx.options.floorSoloRuns, 'floor, 1 client'),
};

/** The load's shape on the floor: as many clients and runs as the casts scenario. */
export const floorScenario: Scenario = {
  name: 'floor',
  run: (ctx) =>
    runFloor(
      ctx,
      ctx.options.clients,
      ctx.options.casts,
      `floor, ${clientCount(ctx.options.clients)}`,
    ),
};

export const clientCount = (n: number) => `${n} client${n === 1 ? '' : 's'}`;
