import {
  WorkflowFailedError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import {
  ApplicationFailure,
  decodeTimeoutType,
  optionalTsToDate,
  TerminatedFailure,
  TimeoutFailure,
} from '@temporalio/common';
import type { CastErrorInfo } from '../cast/errors.js';
import { stateMemoKey, stateQuery, type CastState } from '../workflows/messages.js';
import {
  summaryMemoKey,
  terminalStatuses,
  type CastSummaryInput,
  type CastView,
} from './cast-view.js';
import { describeCast, type CastRunRef } from './describe-cast.js';
import { failureMessage } from './stored-payloads.js';

export interface ReadOptions extends CastRunRef {
  /** A query needs a worker; with none polling it would wait for its whole deadline. */
  queryTimeoutMs?: number;
}

/**
 * Reads a cast from whatever answers: the server's description first (it needs no worker),
 * the workflow's `state` query while it runs, its result once it is closed.
 */
export async function readCast(
  client: Client,
  id: string,
  { queryTimeoutMs = 2_000, ...ref }: ReadOptions = {},
): Promise<CastView> {
  const cast = await describeCast(client, id, ref);
  if (!cast) return notFound(id, ref.runId);
  const { handle, description } = cast;
  const memoState = description.memo?.[stateMemoKey] as CastState | undefined;
  const base = {
    id,
    runId: description.runId,
    summary: description.memo?.[summaryMemoKey] as CastSummaryInput | undefined,
    ...(memoState ?? fallbackState(description)),
  };

  switch (description.status.name) {
    case 'RUNNING': {
      const queried = await client
        .withDeadline(Date.now() + queryTimeoutMs, () => handle.query(stateQuery))
        .catch(() => undefined);
      const state = { ...base, ...queried };
      // The query can report the final phase a moment before the run closes.
      return withActivityProgress(
        client,
        { ...state, done: terminalStatuses.includes(state.phase) },
        description,
      );
    }
    case 'COMPLETED': {
      const state = (await handle.result()) as CastState;
      return { ...base, ...state, phase: 'completed', done: true };
    }
    case 'CANCELLED':
      return { ...base, phase: 'cancelled', done: true };
    default: {
      const error = await closingError(handle.result());
      const phase =
        description.status.name === 'TERMINATED'
          ? 'terminated'
          : description.status.name === 'TIMED_OUT'
            ? 'timed-out'
            : 'failed';
      return { ...base, phase, error, done: true };
    }
  }
}

function notFound(id: string, runId?: string): CastView {
  return {
    id,
    ...(runId ? { runId } : {}),
    phase: 'not-found',
    done: true,
    attempt: 0,
    model: '',
    target: '',
    timings: { queuedAt: '' },
    error: { type: 'NotFound', message: notFoundMessage(id, runId) },
  };
}

/** The same words for an unknown id and for a workflow that is not one of our casts. */
export function notFoundMessage(id: string, runId?: string): string {
  return runId
    ? `No cast with id "${id}" and run "${runId}" exists on this Temporal server.`
    : `No cast with id "${id}" exists on this Temporal server.`;
}

function fallbackState(description: WorkflowExecutionDescription): CastState {
  return {
    phase: 'queued',
    attempt: 0,
    model: '',
    target: '',
    timings: { queuedAt: description.startTime.toISOString() },
  };
}

/**
 * Activity retries happen inside the server, invisible to the workflow: the pending
 * activity in the description is the only place that knows the attempt, the retry policy's
 * limit, when the next attempt starts and why the last one failed.
 */
async function withActivityProgress(
  client: Client,
  view: CastView,
  description: WorkflowExecutionDescription,
): Promise<CastView> {
  const pending = description.raw.pendingActivities?.[0];
  if (!pending || (pending.attempt ?? 1) <= 1) return view;
  const failure = pending.lastFailure;
  const lastError: CastErrorInfo | undefined = failure
    ? {
        type:
          failure.applicationFailureInfo?.type ||
          (failure.timeoutFailureInfo ? 'ActivityTimeout' : 'ActivityFailure'),
        message: failure.timeoutFailureInfo
          ? attemptTimeoutMessage(failure.timeoutFailureInfo.timeoutType)
          : await failureMessage(client, failure),
      }
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

/** Temporal's own words ("activity StartToClose timeout") name no setting a person can change. */
function attemptTimeoutMessage(type: Parameters<typeof decodeTimeoutType>[0]): string {
  return decodeTimeoutType(type) === 'HEARTBEAT'
    ? 'The worker stopped reporting progress (CAST_HEARTBEAT_TIMEOUT_SECONDS); it may have crashed.'
    : 'The model call did not finish within CAST_TIMEOUT_SECONDS.';
}

async function closingError(result: Promise<unknown>): Promise<CastErrorInfo> {
  try {
    await result;
    return { type: 'Unknown', message: 'The run closed without an error.' };
  } catch (err) {
    const cause = err instanceof WorkflowFailedError ? err.cause : err;
    if (cause instanceof ApplicationFailure) {
      const detail = cause.details?.[0] as Partial<CastErrorInfo> | undefined;
      return { ...detail, type: cause.type ?? 'CastFailed', message: cause.message };
    }
    if (cause instanceof TerminatedFailure)
      return {
        type: 'Terminated',
        message: `The run was terminated: ${cause.message || 'no reason given'}.`,
      };
    if (cause instanceof TimeoutFailure)
      return { type: 'TimedOut', message: 'The run exceeded its execution timeout.' };
    return { type: 'CastFailed', message: cause instanceof Error ? cause.message : String(cause) };
  }
}
