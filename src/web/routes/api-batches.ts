import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { stream } from 'hono/streaming';
import type { z } from 'zod';
import { batchResults, type ResultsFormat } from '../../client/batch-results.js';
import { cancelBatch } from '../../client/cancel-batch.js';
import { findBatch } from '../../client/find-batch.js';
import { listBatches } from '../../client/list-batches.js';
import { readBatch, waitForBatch } from '../../client/read-batch.js';
import { retryBatch } from '../../client/retry-batch.js';
import { startBatch, type StartedBatch } from '../../client/start-batch.js';
import { ApiError } from '../api-errors.js';
import { batchBodyLimit } from '../batch-body-limit.js';
import { batchReadQuerySchema, type batchAcceptedSchema } from '../batch-api-schemas.js';
import { readBatchSubmission } from '../batch-input.js';
import { batchLinks } from '../batch-links.js';
import { batchStarterOf, type BatchWebDeps, type WebDeps } from '../deps.js';
import { jsonErrors } from '../error-handlers.js';
import { listedPage } from '../list-query.js';

/**
 * The JSON API of batches: submit rows (a file or JSON), list them, read progress (with an
 * optional long poll), download results while it runs or after, cancel, and retry the failed
 * rows.
 */
export function apiBatchRoutes(
  deps: WebDeps,
  batches: BatchWebDeps,
  submissions: MiddlewareHandler,
) {
  const app = new Hono();
  app.onError(jsonErrors(deps));
  const starter = batchStarterOf(deps, batches);
  const scope = { client: deps.client, taskQueue: deps.taskQueue };

  // A batch is one submission to the caller's allowance, counted before the upload is read.
  app.post('/', submissions, batchBodyLimit(batches.limits), async (c) => {
    const submission = await readBatchSubmission(c, {
      limits: batches.limits,
      model: deps.model,
    });
    const started = await startBatch(starter, submission);
    deps.logger?.info(
      { workflowId: started.id, runId: started.runId, rows: submission.table.rows.length },
      'batch submitted (api)',
    );
    return accepted(c, deps, started, submission.table.rows.length);
  });

  app.get('/', async (c) =>
    c.json(
      await listedPage(singleQuery(c), (page) =>
        listBatches(deps.client, { taskQueue: deps.taskQueue, ...page }),
      ),
    ),
  );

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const query = batchReadQuerySchema.safeParse(singleQuery(c));
    if (!query.success) {
      throw new ApiError(
        'InvalidQuery',
        'wait must be a number of seconds from 0 to 25; since a version from an earlier read.',
      );
    }
    const { wait, since } = query.data;
    const view =
      wait > 0
        ? await waitForBatch(scope, id, { waitMs: wait * 1000, ...(since ? { since } : {}) })
        : await readBatch(scope, id);
    if (!view) throw notFound(id);
    return c.json({ ...view, links: batchLinks(deps, id) });
  });

  const results = (format: ResultsFormat) => async (c: Context) => {
    const id = c.req.param('id') ?? '';
    const manifest = (await findBatch(scope, id)) && (await batches.store.readManifest(id));
    if (!manifest) throw notFound(id);
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    c.header('Content-Disposition', `attachment; filename="${id}.${format}"`);
    c.header('Cache-Control', 'no-store');
    return stream(
      c,
      async (out) => {
        for await (const part of batchResults(batches.store, manifest, format))
          await out.write(part);
      },
      async (err, out) => {
        // The status line is sent already; cutting the body short tells the client.
        deps.logger?.error({ err, workflowId: id }, 'results download failed');
        out.abort();
      },
    );
  };
  app.get('/:id/results.csv', results('csv'));
  app.get('/:id/results.jsonl', results('jsonl'));

  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    const outcome = await cancelBatch(scope, id);
    deps.logger?.info({ workflowId: id, outcome }, 'batch cancel requested (api)');
    if (outcome === 'not-found') throw notFound(id);
    if (outcome === 'already-closed') {
      throw new ApiError(
        'AlreadyClosed',
        `The batch "${id}" has already finished; there is nothing to cancel.`,
        { id },
      );
    }
    return c.json({ id, status: 'cancel-requested' as const }, 202);
  });

  app.post('/:id/retry', async (c) => {
    const id = c.req.param('id');
    const retried = await retryBatch(starter, id);
    if (retried.outcome === 'not-found') throw notFound(id);
    if (retried.outcome === 'running') {
      throw new ApiError(
        'BatchRunning',
        `The batch "${id}" is still running; cancel it or wait until it is done, then retry.`,
        { id },
      );
    }
    deps.logger?.info({ workflowId: retried.batch.id, retryOf: id }, 'batch retried (api)');
    const manifest = await batches.store.readManifest(retried.batch.id);
    return accepted(c, deps, retried.batch, manifest?.total ?? 0, id);
  });

  return app;
}

function accepted(
  c: Context,
  deps: WebDeps,
  started: StartedBatch,
  total: number,
  retryOf?: string,
) {
  const links = batchLinks(deps, started.id);
  const body: z.infer<typeof batchAcceptedSchema> = {
    id: started.id,
    status: 'running',
    total,
    ...(retryOf ? { retryOf } : {}),
    links,
  };
  c.header('Location', links.self);
  return c.json(body, 202);
}

/**
 * The query's parameters, each given once: a parameter repeated (`wait=1&wait=x`) is refused
 * rather than read as its first value.
 */
function singleQuery(c: Context): Record<string, string> {
  const repeated = Object.entries(c.req.queries()).find(([, values]) => values.length > 1);
  if (repeated) {
    throw new ApiError(
      'InvalidQuery',
      `Give ${repeated[0]} once; it was given ${repeated[1].length} times.`,
      {
        parameter: repeated[0],
      },
    );
  }
  return c.req.query();
}

const notFound = (id: string) =>
  new ApiError('NotFound', `No batch with id "${id}" exists on this Temporal server.`, { id });
