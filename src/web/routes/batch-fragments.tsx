import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { isBatchId } from '../../batch/manifest.js';
import { presets } from '../../cast/presets.js';
import type { BatchView } from '../../client/batch-view.js';
import { cancelBatch } from '../../client/cancel-batch.js';
import { InvalidPageTokenError } from '../../client/list-page.js';
import { readBatch, waitForBatch } from '../../client/read-batch.js';
import { retryBatch } from '../../client/retry-batch.js';
import { startBatch, startedBatchView, type StartedBatch } from '../../client/start-batch.js';
import { ApiError } from '../api-errors.js';
import { batchBodyLimit } from '../batch-body-limit.js';
import {
  batchFormSubmission,
  checkBatchSource,
  problemsStatus,
  readBatchFormBody,
} from '../batch-form-input.js';
import { batchStarterOf, type BatchWebDeps, type WebDeps } from '../deps.js';
import { loadRecentBatches } from '../recent-batches.js';
import { BatchCard } from '../views/batch-card.js';
import { BatchForm, BatchSource, batchFormId, batchFormStatusId } from '../views/batch-form.js';
import { RecentBatches } from '../views/recent-batches.js';
import { renderHome } from './home.js';
import { errorsInto, htmlErrors } from '../error-handlers.js';

/**
 * How long a card's request waits for its batch to move on. Under the usual 30–60 s idle
 * timeouts of proxies; the card asks again as soon as it has an answer.
 */
const cardWaitMs = 20_000;

const isHtmx = (c: Context) => c.req.header('HX-Request') === 'true';

/**
 * HTML fragments of batches for htmx: POST /batches starts one from the page's form and
 * answers with its card; POST /batches/source reads the form's rows and answers with that part
 * of the form; GET /batches/:id is the card (with ?since=, once the batch has moved on);
 * cancel and retry; GET /batches?pageToken= the next page of recent batches.
 */
export function batchFragmentRoutes(
  deps: WebDeps,
  batches: BatchWebDeps,
  submissions: MiddlewareHandler,
) {
  const app = new Hono();
  app.onError(htmlErrors(deps));
  const starter = batchStarterOf(deps, batches);
  const scope = { client: deps.client, taskQueue: deps.taskQueue };
  const input = { limits: batches.limits, model: deps.model };
  const limit = batchBodyLimit(batches.limits);

  app.get('/', async (c) => {
    const pageToken = c.req.query('pageToken') || undefined;
    try {
      const page = await loadRecentBatches(deps, pageToken);
      return c.html(<RecentBatches {...page} location={deps} />);
    } catch (err) {
      if (err instanceof InvalidPageTokenError)
        throw new ApiError('InvalidPageToken', 'That page of batches is gone: reload the page.');
      throw err;
    }
  });

  app.post(
    '/source',
    errorsInto(() => `#${batchFormStatusId}`),
    limit,
    async (c) => {
      const { values, file } = readBatchFormBody(await readMultipart(c));
      const check = await checkBatchSource(values, file, input);
      return c.html(<BatchSource values={values} check={check} problems={[]} />);
    },
  );

  app.post(
    '/',
    errorsInto(() => `#${batchFormStatusId}`),
    submissions,
    limit,
    async (c) => {
      const { values, file } = readBatchFormBody(await readMultipart(c));
      const result = await batchFormSubmission(values, file, input);
      if (!result.ok) {
        const status = problemsStatus(result.problems);
        const form = { values, check: result.source, problems: result.problems };
        if (!isHtmx(c)) return renderHome(c, deps, { batchForm: form, status });
        c.header('HX-Retarget', `#${batchFormId}`);
        c.header('HX-Reswap', 'outerHTML');
        return c.html(<BatchForm {...form} presets={presets} limits={batches.limits} />, status);
      }
      const started = await startBatch(starter, result.submission);
      deps.logger?.info(
        { workflowId: started.id, runId: started.runId, rows: result.submission.table.rows.length },
        'batch submitted (page)',
      );
      if (!isHtmx(c)) return c.redirect('/', 303);
      return c.html(
        <>
          <BatchCard view={await viewOfStarted(started)} location={deps} />
          <BatchForm
            values={values}
            check={result.source}
            problems={[]}
            presets={presets}
            limits={batches.limits}
            outOfBand
          />
        </>,
      );
    },
  );

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const since = c.req.query('since');
    const view =
      since === undefined
        ? await readBatch(scope, id)
        : await waitForBatch(scope, id, { since, waitMs: cardWaitMs });
    return card(c, id, view);
  });

  app.post('/:id/cancel', errorsInto(actionNote), async (c) => {
    const id = c.req.param('id');
    const outcome = await cancelBatch(scope, id);
    deps.logger?.info({ workflowId: id, outcome }, 'batch cancel requested (page)');
    return card(c, id, outcome === 'not-found' ? undefined : await readBatch(scope, id));
  });

  app.post('/:id/retry', errorsInto(actionNote), async (c) => {
    const id = c.req.param('id');
    const retried = await retryBatch(starter, id);
    if (retried.outcome === 'not-found') throw notFound(id);
    if (retried.outcome === 'running') {
      throw new ApiError(
        'BatchRunning',
        'This batch is still running: cancel it or wait until it is done, then retry.',
        { id },
      );
    }
    deps.logger?.info({ workflowId: retried.batch.id, retryOf: id }, 'batch retried (page)');
    return c.html(<BatchCard view={await viewOfStarted(retried.batch)} location={deps} />);
  });

  /** A batch just started has every row waiting; its card says so without asking Temporal. */
  async function viewOfStarted(started: StartedBatch): Promise<BatchView> {
    const manifest = await batches.store.readManifest(started.id);
    if (!manifest) throw new Error(`the manifest of ${started.id} was just written, but is gone`);
    return startedBatchView(manifest, started.runId);
  }

  function card(c: Context, id: string, view: BatchView | undefined) {
    if (!view) {
      return c.html(
        <article class="batch-card status-not-found" data-status="not-found">
          <p class="error">{notFound(id).message}</p>
        </article>,
        404,
      );
    }
    return c.html(<BatchCard view={view} location={deps} />);
  }

  return app;
}

const notFound = (id: string) =>
  new ApiError('NotFound', `No batch with id "${id}" exists on this Temporal server.`, { id });

/** A card's action that fails says so on that card, not where its answer would have gone. */
const actionNote = (c: Context) => {
  const id = c.req.param('id') ?? '';
  return isBatchId(id) ? `#${id} .action-note` : undefined;
};

async function readMultipart(c: Context) {
  return c.req.parseBody().catch((err: unknown) => {
    throw new ApiError(
      'InvalidBody',
      `The form's body cannot be read (${err instanceof Error ? err.message : String(err)}); reload the page and send it again.`,
    );
  });
}
