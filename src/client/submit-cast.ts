import type { CastRequest } from '../cast/types.js';
import { queuedState } from '../shared.js';
import { castSummary, type CastView } from './cast-view.js';
import { ourCast } from './describe-cast.js';
import { notFoundView, viewOfRun } from './read-cast.js';
import { inputSummary, startOrFindCast, type CastStarter, type StartedCast } from './start-cast.js';

/** A cast as its submitter first sees it: how it was started, and its view at that moment. */
export interface SubmittedCast extends StartedCast {
  view: CastView;
}

/**
 * Starts a cast (or finds the same one) and reads it once, for the page's new card and the
 * API's answer alike. A new cast is queued by definition: nothing is read. A joined or cached
 * one is read from the description the start already fetched, so it shows its progress or
 * result at once.
 */
export async function submitCast(
  starter: CastStarter,
  request: CastRequest,
  options: { fresh?: boolean } = {},
): Promise<SubmittedCast> {
  const { started, found } = await startOrFindCast(starter, request, options);
  const { id, runId } = started;
  if (found) {
    const cast = ourCast(starter.client, id, found, starter.taskQueue);
    const view = cast ? await viewOfRun(starter.client, id, cast) : notFoundView(id, runId);
    return { ...started, view };
  }
  const state = queuedState(request, new Date());
  return {
    ...started,
    view: {
      ...state,
      id,
      runId,
      done: false,
      summary: castSummary(inputSummary(request), state.target),
    },
  };
}
