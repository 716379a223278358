import {
  WorkflowFailedError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common';
import type { CastErrorInfo } from '../cast/errors.js';
import { castErrorOf } from '../failure-info.js';
import {
  stateMemoKey,
  summaryMemoKey,
  type CastInputSummary,
  type CastPhase,
  type CastState,
} from '../shared.js';
import { castSummary, isFinal, type CastView } from './cast-view.js';
import { describeCast, type CastRunRef, type DescribedCast } from './describe-cast.js';
import { isClosed, runPhase } from './run-phase.js';
import { decodeFailure } from './stored-payloads.js';

export type ReadOptions = CastRunRef;

/**
 * Reads a cast from the server alone, never from a worker: a running cast from its
 * description (the memo the workflow keeps, and the pending model call with its attempts), a
 * closed one from its result.
 */
export async function readCast(
  client: Client,
  id: string,
  ref: ReadOptions = {},
): Promise<CastView> {
  const cast = await describeCast(client, id, ref);
  if (!cast) return notFoundView(id, ref.runId);
  return viewOfRun(client, id, cast);
}

/** The view of a run already described: no more calls while it runs, its result once closed. */
export async function viewOfRun(
  client: Client,
  id: string,
  { handle, description }: DescribedCast,
): Promise<CastView> {
  const stored = (description.memo?.[stateMemoKey] as CastState | undefined) ?? {
    phase: 'queued',
    attempt: 0,
    model: '',
    target: '',
    timings: { queuedAt: description.startTime.toISOString() },
  };
  const base = { ...stored, id, runId: description.runId };
  const summary = (target: string) =>
    castSummary(description.memo?.[summaryMemoKey] as CastInputSummary | undefined, target);

  if (!isClosed(description.status.code)) {
    const phase = runningPhase(stored, description);
    const view = {
      ...base,
      phase,
      // The memo may still be the start's (attempt 0): a call under way is at least the first.
      attempt: phase === 'casting' ? Math.max(base.attempt, 1) : base.attempt,
      done: false,
      summary: summary(base.target),
    };
    return withActivityProgress(view, description, client);
  }
  const phase = runPhase(description.status.code, stored);
  // The memo holds the state as of the last open phase (a run closes without writing it):
  // the close time and the failure complete it.
  const closed = {
    ...base,
    phase,
    done: true,
    summary: summary(base.target),
    timings: closedTimings(base.timings, description.closeTime),
  };
  switch (phase) {
    case 'completed':
      return { ...closed, ...((await handle.result()) as CastState), phase };
    case 'cancelled':
      return closed;
    case 'timed-out':
      return {
        ...closed,
        error: { type: 'TimedOut', message: 'The run exceeded its execution timeout.' },
      };
    default: {
      const error = await closingError(handle.result());
      return { ...closed, attempt: error.attempt ?? closed.attempt, error };
    }
  }
}

/**
 * The phase of an open run: its memo's, except that it is casting while its model call is
 * scheduled, once the call has answered and the run has yet to record it (a run no longer
 * writes "casting" into its memo, so only its history's length tells this from queued), and
 * while a final phase in the memo (written in the task that closes the run) awaits the close.
 */
function runningPhase(stored: CastState, description: WorkflowExecutionDescription): CastPhase {
  const pending = (description.raw.pendingActivities?.length ?? 0) > 0;
  if (pending || isFinal(stored.phase)) return 'casting';
  if (stored.phase === 'queued' && description.historyLength > queuedHistoryLength) {
    return 'casting';
  }
  return stored.phase;
}

/**
 * The most events a run has before its first workflow task completes: started, task scheduled,
 * task started, and a failed or timed-out task (the server keeps later attempts out of the
 * history until one completes). Completing that task schedules the model call.
 */
const queuedHistoryLength = 4;

/** Timings of a closed run whose memo was last written while it was open. */
function closedTimings(timings: CastState['timings'], closeTime?: Date): CastState['timings'] {
  if (timings.finishedAt !== undefined || !closeTime) return timings;
  const since = Date.parse(timings.startedAt ?? timings.queuedAt);
  return {
    ...timings,
    finishedAt: closeTime.toISOString(),
    ...(Number.isNaN(since) ? {} : { durationMs: Math.max(0, closeTime.getTime() - since) }),
  };
}

/** What a reader sees of an id that is not one of our casts. */
export function notFoundView(id: string, runId?: string): CastView {
  return {
    id,
    ...(runId ? { runId } : {}),
    phase: 'not-found',
    done: true,
    attempt: 0,
    model: '',
    target: '',
    timings: { queuedAt: '' },
    error: castNotFound(id, runId),
  };
}

/** The same words for an unknown id and for a workflow that is not one of our casts. */
export function castNotFound(id: string, runId?: string): CastErrorInfo {
  return {
    type: 'NotFound',
    message: runId
      ? `No cast with id "${id}" and run "${runId}" exists on this Temporal server.`
      : `No cast with id "${id}" exists on this Temporal server.`,
  };
}

/**
 * Activity retries happen inside the server, invisible to the workflow: the pending
 * activity in the description is the only place that knows the attempt, the retry policy's
 * limit, when the next attempt starts and why the last one failed.
 */
async function withActivityProgress(
  view: CastView,
  description: WorkflowExecutionDescription,
  client: Client,
): Promise<CastView> {
  const pending = description.raw.pendingActivities?.[0];
  if (!pending || (pending.attempt ?? 1) <= 1) return view;
  // As stored: encrypted, its message encoded; decoded with the client's own converter.
  const lastError = pending.lastFailure
    ? castErrorOf(await decodeFailure(client, pending.lastFailure))
    : view.lastError;
  const nextAttemptAt = optionalTsToDate(pending.nextAttemptScheduleTime)?.toISOString();
  return {
    ...view,
    phase: view.phase === 'casting' ? 'retrying' : view.phase,
    attempt: pending.attempt ?? view.attempt,
    retry: {
      ...(pending.maximumAttempts ? { maximumAttempts: pending.maximumAttempts } : {}),
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    },
    ...(lastError ? { lastError } : {}),
  };
}

/** Why a failed or terminated run ended, from its result. */
async function closingError(result: Promise<unknown>): Promise<CastErrorInfo> {
  try {
    await result;
    return { type: 'CastFailed', message: 'The run closed without an error.' };
  } catch (err) {
    return castErrorOf(err instanceof WorkflowFailedError ? err.cause : err);
  }
}
