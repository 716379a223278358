import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { cancelCast } from '../../client/cancel-cast.js';
import { listCasts } from '../../client/list-casts.js';
import { castNotFound } from '../../client/read-cast.js';
import { ApiError } from '../api-errors.js';
import {
  castSubmissionSchema,
  castSubmitQuerySchema,
  maxSubmitWaitSeconds,
  type castAcceptedSchema,
  type castFinishedSchema,
} from '../api-schemas.js';
import { castBodyLimit } from '../body-limit.js';
import { utf8Body } from '../utf8-body.js';
import { firstProblem, prepareCast } from '../cast-input.js';
import type { WebDeps } from '../deps.js';
import { jsonErrors } from '../error-handlers.js';
import { issueList, listedPage } from '../list-query.js';
import { readJsonBody } from '../json-body.js';
import { castLinks } from '../links.js';
import { awaitLabelledCast, readLabelledCast, submitLabelledCast } from '../model-label.js';
import { runIdQuery } from '../run-query.js';

/**
 * The JSON API for programs: start, read, list and cancel casts. `submissions` is the caller's
 * allowance, shared with the page's form; over it, 429 before the body is read.
 */
export function apiCastRoutes(deps: WebDeps, submissions: MiddlewareHandler) {
  const app = new Hono();
  app.onError(jsonErrors(deps));

  app.post('/', submissions, castBodyLimit(deps.maxDataChars), utf8Body(), async (c) => {
    const waitMs = submitWaitMs(c);
    const body = castSubmissionSchema.safeParse(await readJsonBody(c));
    if (!body.success) {
      throw new ApiError('InvalidBody', 'The body does not have the expected shape; see /docs.', {
        issues: issueList(body.error),
      });
    }
    const prepared = prepareCast(body.data, deps);
    if (!prepared.ok) {
      const { code, message, ...details } = firstProblem(prepared.problems);
      throw new ApiError(code, message, { ...details, problems: prepared.problems });
    }

    const submitted = await submitLabelledCast(deps, prepared.request, {
      fresh: prepared.fresh,
    });
    const { id, runId, outcome } = submitted;
    deps.logger?.info({ workflowId: id, runId, outcome }, 'cast submitted (api)');
    const links = castLinks(deps, id, runId);
    // With `wait`, the answer waits for the run to close, up to the bound.
    const view =
      waitMs > 0 && !submitted.view.done
        ? ((await awaitLabelledCast(deps, submitted, waitMs)) ?? submitted.view)
        : submitted.view;
    if (view.done && view.phase !== 'not-found') {
      const finished: z.infer<typeof castFinishedSchema> = {
        id,
        runId,
        status: view.phase,
        outcome,
        ...(view.phase === 'completed' ? { result: view.result } : {}),
        ...(view.error ? { error: view.error } : {}),
        cast: view,
        links,
      };
      return c.json(finished, 200);
    }
    return accepted(c, { id, runId, status: view.phase, outcome, links });
  });

  app.get('/', async (c) =>
    c.json(
      await listedPage(c.req.query(), (page) =>
        listCasts(deps.client, { taskQueue: deps.taskQueue, ...page }),
      ),
    ),
  );

  app.get('/:id', async (c) => {
    const runId = runIdQuery(c);
    const view = await readLabelledCast(deps, c.req.param('id'), runId);
    if (view.phase === 'not-found') throw notFound(view.id, runId);
    return c.json(view);
  });

  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    const runId = runIdQuery(c);
    const outcome = await cancelCast(deps.client, id, { runId, taskQueue: deps.taskQueue });
    deps.logger?.info({ workflowId: id, runId, outcome }, 'cancel requested (api)');
    if (outcome === 'not-found') throw notFound(id, runId);
    if (outcome === 'already-closed') {
      throw new ApiError(
        'AlreadyClosed',
        `The cast "${id}" has already finished; there is nothing to cancel.`,
        { id, ...(runId ? { runId } : {}) },
      );
    }
    return c.json({ id, status: 'cancel-requested' as const }, 202);
  });

  return app;
}

/** POST /api/casts?wait=N: how long to hold the answer for the run to close, in ms (0: not). */
function submitWaitMs(c: Context): number {
  const query = castSubmitQuerySchema.safeParse(c.req.query());
  if (!query.success || (c.req.queries('wait')?.length ?? 0) > 1) {
    throw new ApiError(
      'InvalidQuery',
      `wait must be a number of seconds from 0 to ${maxSubmitWaitSeconds}, given once.`,
      { wait: c.req.queries('wait') ?? null },
    );
  }
  return (query.data.wait ?? 0) * 1000;
}

function accepted(c: Context, body: z.infer<typeof castAcceptedSchema>) {
  c.header('Location', body.links.self);
  return c.json(body, 202);
}

const notFound = (id: string, runId?: string) =>
  new ApiError('NotFound', castNotFound(id, runId).message, { id, ...(runId ? { runId } : {}) });
