import { setMaxListeners } from 'node:events';
import { pause, send } from '../clients/http.js';
import { submission, submitAnswer } from '../clients/poll-client.js';
import { BenchFailure, failureLog } from '../failures.js';
import { heldItem } from '../items.js';
import { spreadOf } from '../measure/percentiles.js';
import type { Scenario, ScenarioContext, ScenarioRun } from '../scenario.js';
import { inLanes } from './lanes.js';

const submitLanes = 50;
const cleanupTimeoutMs = 90_000;

interface ReadAnswer {
  phase: string;
  done?: boolean;
}

/**
 * R casts the model holds, so they stay running; then R readers, each reading its own cast
 * with GET /api/casts/:id --read-rounds times: all at once and back to back (what reading a
 * running cast costs when many are read together), or with --read-every-ms once every so
 * often from a random start (R people following their casts). The held casts are cancelled
 * afterwards (not measured).
 */
export const readersScenario: Scenario = {
  name: 'readers',
  enabled: (options) => options.readers > 0,
  async run(ctx): Promise<ScenarioRun> {
    const { readers, readRounds, readEveryMs } = ctx.options;
    const { appUrl } = ctx.target;
    const failures = failureLog(ctx.signal);
    const paths: string[] = [];
    ctx.progress(`  holding ${readers} casts running …`);
    await inLanes(submitLanes, readers, ctx.signal, async (i) => {
      try {
        const answer = await send(
          `${appUrl}/api/casts`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(submission(heldItem(ctx.tag, i + 1))),
          },
          ctx.signal,
        );
        const submitted = submitAnswer(answer.status, answer.text);
        if (!('follow' in submitted))
          throw new BenchFailure('submit', 'a held cast came back done');
        paths.push(submitted.follow);
      } catch (err) {
        failures.add(err);
      }
    });

    const latencies: number[] = [];
    const wallMs = await ctx.measured(async () => {
      const started = performance.now();
      await Promise.all(
        paths.map(async (path) => {
          const first = performance.now() + Math.random() * readEveryMs;
          for (let round = 0; round < readRounds && !ctx.signal.aborted; round++) {
            try {
              // A read that took longer than the pace is followed by the next at once.
              if (readEveryMs > 0)
                await pause(
                  Math.max(0, first + round * readEveryMs - performance.now()),
                  ctx.signal,
                );
              const answer = await send(`${appUrl}${path}`, {}, ctx.signal);
              if (answer.status !== 200)
                throw new BenchFailure('read', `GET ${path} answered ${answer.status}`);
              const view = JSON.parse(answer.text) as ReadAnswer;
              if (view.done) throw new BenchFailure('read', `a held cast was ${view.phase}`);
              latencies.push(answer.ms);
            } catch (err) {
              failures.add(err);
            }
          }
        }),
      );
      return performance.now() - started;
    });
    const left = await cancelAll(ctx, paths);
    return {
      title: `${readers} readers of running casts, ${readRounds} reads each${
        readEveryMs > 0 ? `, one every ${readEveryMs} ms` : ' at once'
      }`,
      unit: 'reads',
      clients: readers,
      requested: readers * readRounds,
      completed: latencies.length,
      wallMs,
      latencyMs: spreadOf(latencies),
      failures: failures.summary(),
      ...(left > 0 ? { notes: [`${left} held cast(s) still running after the cancel`] } : {}),
    };
  },
};

/** Cancels the held casts and waits for them to close; returns how many did not in time. */
async function cancelAll(ctx: ScenarioContext, paths: string[]): Promise<number> {
  const { appUrl } = ctx.target;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(cleanupTimeoutMs)]);
  // Every request listens to it.
  setMaxListeners(0, signal);
  ctx.progress(`  cancelling the ${paths.length} held casts …`);
  let closed = 0;
  await inLanes(submitLanes, paths.length, signal, async (i) => {
    const url = new URL(paths[i]!, appUrl);
    url.pathname += '/cancel';
    try {
      await send(url.href, { method: 'POST' }, signal);
      for (;;) {
        const view = JSON.parse(
          (await send(`${appUrl}${paths[i]}`, {}, signal)).text,
        ) as ReadAnswer;
        if (view.done) return void closed++;
        await pause(1_000, signal);
      }
    } catch {
      // Counted as still open below; the app's stop ends it anyway.
    }
  });
  return paths.length - closed;
}
