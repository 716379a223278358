import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { batchStoreLocation } from '../batch-config.js';
import { readBatchFile } from '../batch/input/index.js';
import { cancelBatch } from '../client/cancel-batch.js';
import { startBatch, type BatchStarter } from '../client/start-batch.js';
import { temporalRunUrl } from '../web/links.js';
import type { CliContext } from './cli-context.js';
import { say } from './cli-io.js';
import { followBatch } from './follow-batch.js';
import { progressDisplay, progressLine } from './progress-display.js';
import { castRequestOf, type TargetOptions } from './target-options.js';
import { exitCodes, UsageError } from './usage-error.js';
import { resultsFormat, writeResults } from './write-results.js';

export interface OutputOptions {
  out?: string;
  jsonl?: boolean;
}

export interface BatchOptions extends TargetOptions, OutputOptions {
  column?: string;
  format?: string;
}

/**
 * `batch <file>`: reads the file as the API reads an upload, starts the batch on the
 * configured server (the rows go to the batch store the workers read), follows it with a
 * progress bar and writes the results when it is done.
 */
export async function runBatch(ctx: CliContext, file: string, options: BatchOptions) {
  const { config, io } = ctx;
  // Each row's text is checked by the file's reader; a stand-in lets the target be checked.
  const { request, fresh } = castRequestOf('x', options, {
    maxDataChars: config.maxDataChars,
    model: config.model.name,
  });
  const bytes = await readFile(file).catch((err: unknown) => {
    throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`);
  });
  const parsed = readBatchFile(
    bytes,
    {
      filename: basename(file),
      ...(options.format ? { format: options.format } : {}),
      ...(options.column ? { column: options.column } : {}),
    },
    config.batch.limits,
  );
  if (!parsed.ok) {
    // The reader's words name the API's field; here it is an option.
    throw new UsageError(`${file}: ${parsed.problem.message.replaceAll('"column"', '--column')}`);
  }
  const { text: _text, ...rowRequest } = request;
  const { client, store } = await ctx.connect();
  const starter: BatchStarter = {
    client,
    taskQueue: config.temporal.taskQueue,
    activity: config.activity,
    store,
    maxConcurrentRows: config.batch.maxConcurrentRows,
    chunkRows: config.batch.chunkRows,
  };
  const started = await startBatch(starter, {
    table: parsed.value,
    request: rowRequest,
    fresh,
    filename: basename(file),
  });
  const column = parsed.value.column !== undefined ? `, column "${parsed.value.column}"` : '';
  say(
    io,
    `Started ${started.id}: ${parsed.value.rows.length.toLocaleString('en')} rows of ${file}${column}.`,
  );
  say(
    io,
    `  Temporal UI: ${temporalRunUrl({ temporalUiUrl: config.temporal.uiUrl, namespace: config.temporal.namespace }, started.id)}`,
  );
  say(io, '  Ctrl-C detaches: the batch goes on.');
  return follow(ctx, started.id, options);
}

/** `attach <batch-id>`: follows a batch started earlier (or detached) and writes its results. */
export async function attachBatch(ctx: CliContext, id: string, options: OutputOptions) {
  return follow(ctx, id, options);
}

/** `cancel <batch-id>`: stops a batch; its finished rows keep their results. */
export async function cancelBatchCommand(ctx: CliContext, id: string) {
  const { client } = await ctx.connect();
  const scope = { client, taskQueue: ctx.config.temporal.taskQueue };
  const outcome = await cancelBatch(scope, id);
  if (outcome === 'not-found') throw new UsageError(notFound(id));
  say(
    ctx.io,
    outcome === 'already-closed'
      ? `${id} has already finished; there is nothing to cancel.`
      : `Asked ${id} to stop; rows in flight are cancelled, finished rows keep their results.`,
  );
  return exitCodes.ok;
}

async function follow(ctx: CliContext, id: string, options: OutputOptions) {
  const { io, config } = ctx;
  const { client, store } = await ctx.connect();
  const followed = await followBatch(
    { client, taskQueue: config.temporal.taskQueue },
    id,
    io,
    progressDisplay(io),
  );
  if (followed.outcome === 'not-found') throw new UsageError(notFound(id));
  if (followed.outcome === 'detached') {
    const out = options.out ? ` --out ${shellWord(options.out)}` : '';
    say(io, `\nDetached: ${id} goes on in Temporal. To follow it again and get its results:`);
    say(io, `  npm run cast -- attach ${id}${out}${options.jsonl ? ' --jsonl' : ''}`);
    return exitCodes.detached;
  }
  const { view } = followed;
  const manifest = await store.readManifest(id);
  if (!manifest) {
    throw new Error(
      `${id} is not in the batch store at ${batchStoreLocation(config.batch.store)}: run this where the app's BATCH_STORE_DIR (or BATCH_S3_BUCKET) is the same.`,
    );
  }
  const format = resultsFormat(options.out, options.jsonl);
  await writeResults(store, manifest, format, options.out, io.stdout);
  say(
    io,
    `${view.status === 'completed' ? 'Done' : `The batch ${view.status}`}: ${progressLine(view)}.`,
  );
  if (options.out) say(io, `Wrote the results (${format.toUpperCase()}) to ${options.out}.`);
  if (view.progress.failed > 0) {
    say(io, `Failed rows have their reason in the "error" column; the first:`);
    for (const f of view.firstFailures.slice(0, 3))
      say(io, `  row ${f.row}: ${f.type}: ${f.message}`);
  }
  if (view.error) say(io, `${view.error.type}: ${view.error.message}`);
  return view.status === 'completed' ? exitCodes.ok : exitCodes.failed;
}

const notFound = (id: string) =>
  `No batch with id "${id}" on this Temporal server and task queue (TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE).`;

/** A path as it can be pasted back into a shell. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
