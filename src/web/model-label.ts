import type { CastRequest } from '../cast/types.js';
import { awaitCast } from '../client/await-cast.js';
import { readCast } from '../client/read-cast.js';
import { submitCast, type SubmittedCast } from '../client/submit-cast.js';
import { waitForCast } from '../client/wait-for-cast.js';
import type { CastView } from '../client/cast-view.js';
import type { WebDeps } from './deps.js';

/**
 * A cast as people see it: its model under the configured label (`smollm2-135m (local)` for
 * the offline default), so no one takes the small model's answers for a large one's.
 */
export function labelModel(view: CastView, deps: Pick<WebDeps, 'model' | 'modelLabel'>): CastView {
  return view.model === deps.model ? { ...view, model: deps.modelLabel } : view;
}

export async function readLabelledCast(
  deps: WebDeps,
  id: string,
  runId?: string,
): Promise<CastView> {
  return labelModel(await readCast(deps.client, id, { runId, taskQueue: deps.taskQueue }), deps);
}

/** A card's long poll: the cast once it has moved on from `since`, or after `waitMs`. */
export async function waitForLabelledCast(
  deps: WebDeps,
  id: string,
  { runId, since, waitMs }: { runId?: string; since: string; waitMs: number },
): Promise<CastView> {
  const view = await waitForCast(deps.client, id, {
    runId,
    taskQueue: deps.taskQueue,
    since,
    waitMs,
  });
  return labelModel(view, deps);
}

export async function submitLabelledCast(
  deps: WebDeps,
  request: CastRequest,
  options: { fresh?: boolean } = {},
): Promise<SubmittedCast> {
  // While Temporal is known to be out of reach the web's own client answers at once (see
  // fail-fast.ts); the eager client would try the whole of its deadline.
  const starter = deps.temporalHealth.reachable() ? deps : { ...deps, eager: undefined };
  const submitted = await submitCast(starter, request, options);
  return { ...submitted, view: labelModel(submitted.view, deps) };
}

/** A submitted cast once it closes, within `waitMs`; undefined while it still runs. */
export async function awaitLabelledCast(
  deps: WebDeps,
  { id, runId, view }: SubmittedCast,
  waitMs: number,
): Promise<CastView | undefined> {
  const closed = await awaitCast(deps.client, { id, runId, summary: view.summary }, waitMs);
  return closed && labelModel(closed, deps);
}
