import { isDeepStrictEqual } from 'node:util';
import { send } from '../clients/http.js';
import { BenchFailure, failureLog } from '../failures.js';
import { benchPreset, castItem } from '../items.js';
import type { Scenario, ScenarioContext, ScenarioRun } from '../scenario.js';

/** The longest the server may hold a progress read (the API allows up to 25 s). */
const waitS = 20;
const progressEveryMs = 5_000;

interface BatchAnswer {
  id: string;
  status: string;
  done: boolean;
  version: string;
  progress: { done: number; total: number; inFlight: number; rowsPerSecond: number };
}

interface ResultLine {
  row: number;
  value?: unknown;
  error?: { type: string; message: string };
}

/**
 * One batch of --batch-rows rows through the HTTP API as a program sends it (JSON rows), followed
 * with the progress long-poll to its close; then every row's result is downloaded and checked
 * against the value its text asks for. Measures rows/s of one castBatch run.
 */
export const batchScenario: Scenario = {
  name: 'batch',
  enabled: (options) => options.batchRows > 0,
  async run(ctx): Promise<ScenarioRun> {
    const rows = ctx.options.batchRows;
    const items = Array.from({ length: rows }, (_, i) => castItem(ctx.tag, i + 1));
    const failures = failureLog(ctx.signal);
    const modelCallsBefore = ctx.model.calls();
    let succeeded = 0;
    let view: BatchAnswer | undefined;
    const wallMs = await ctx.measured(async () => {
      const started = performance.now();
      try {
        view = await submitAndFollow(
          ctx,
          items.map((item) => item.text),
        );
      } catch (err) {
        failures.add(err);
      }
      return performance.now() - started;
    });
    const lines = view
      ? await results(ctx, view.id).catch((err: unknown) => {
          failures.add(err);
          return [];
        })
      : [];
    for (const line of lines) {
      const expected = items[line.row - 1]?.expected;
      if (line.error) failures.add(new BenchFailure(line.error.type, line.error.message));
      else if (!isDeepStrictEqual(line.value, expected))
        failures.add(
          new BenchFailure(
            'wrong value',
            `row ${line.row} has ${JSON.stringify(line.value)}, not ${JSON.stringify(expected)}`,
          ),
        );
      else succeeded++;
    }
    return {
      title: `one batch of ${rows} rows, ${concurrencyNote(ctx)}`,
      unit: 'rows',
      clients: 1,
      requested: rows,
      completed: succeeded,
      wallMs,
      failures: failures.summary(),
      modelCalls: ctx.model.calls() - modelCallsBefore,
      ...(view
        ? {
            notes: [
              `${view.id} ended ${view.status}; it reported ${view.progress.rowsPerSecond} rows/s`,
            ],
          }
        : {}),
    };
  },
};

function concurrencyNote(ctx: ScenarioContext): string {
  const { batchConcurrency } = ctx.options;
  return batchConcurrency ? `${batchConcurrency} rows at once` : "the app's row concurrency";
}

async function submitAndFollow(ctx: ScenarioContext, texts: string[]): Promise<BatchAnswer> {
  const { appUrl } = ctx.target;
  const submitted = await send(
    `${appUrl}/api/batches`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: texts, target: { preset: benchPreset } }),
    },
    ctx.signal,
  );
  if (submitted.status !== 202)
    throw new BenchFailure(
      'submit',
      `POST /api/batches answered ${submitted.status}: ${submitted.text}`,
    );
  const { id } = JSON.parse(submitted.text) as { id: string };
  ctx.progress(`  ${id}: ${texts.length} rows stored and started`);
  let view: BatchAnswer | undefined;
  let shown = performance.now();
  while (!view?.done) {
    // The first read answers at once; the next ones wait for a version other than the last.
    const query = view ? `?wait=${waitS}&since=${encodeURIComponent(view.version)}` : '';
    const read = await send(`${appUrl}/api/batches/${id}${query}`, {}, ctx.signal);
    if (read.status !== 200)
      throw new BenchFailure('read', `GET /api/batches/${id} answered ${read.status}`);
    view = JSON.parse(read.text) as BatchAnswer;
    if (performance.now() - shown > progressEveryMs) {
      shown = performance.now();
      const p = view.progress;
      ctx.progress(
        `  ${p.done}/${p.total} rows done, ${p.inFlight} in flight, ${p.rowsPerSecond} rows/s`,
      );
    }
  }
  return view;
}

async function results(ctx: ScenarioContext, id: string): Promise<ResultLine[]> {
  const answer = await send(`${ctx.target.appUrl}/api/batches/${id}/results.jsonl`, {}, ctx.signal);
  if (answer.status !== 200)
    throw new BenchFailure('results', `the results answered ${answer.status}`);
  return answer.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ResultLine);
}
