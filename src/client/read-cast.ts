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
  stateQuery,
  summaryMemoKey,
  type CastInputSummary,
  type CastState,
} from '../shared.js';
import { castSummary, isFinal, type CastView } from './cast-view.js';
import { describeCast, type CastRunRef } from './describe-cast.js';
import { isClosed, runPhase } from './run-phase.js';
import { decodeFailure } from './stored-payloads.js';

export interface ReadOptions extends CastRunRef {
  /** A query needs a worker; with none polling it would wait for its whole deadline. */
  queryTimeoutMs?: number;
}

const defaultQueryTimeoutMs = 2_000;

/**
 * Reads a cast from whatever answers: the server's description first (it needs no worker),
 * the workflow's `state` query while it runs, its result once it is closed.
 */
export async function readCast(
  client: Client,
  id: string,
  { queryTimeoutMs = defaultQueryTimeoutMs, ...ref }: ReadOptions = {},
): Promise<CastView> {
  const cast = await describeCast(client, id, ref);
  if (!cast) return notFoundView(id, ref.runId);
  const { handle, description } = cast;
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
    const queried = await client
      .withDeadline(Date.now() + queryTimeoutMs, () => handle.query(stateQuery))
      .catch(() => undefined);
    const state = { ...base, ...queried };
    // The query can report the final phase a moment before the run closes.
    const view = { ...state, done: isFinal(state.phase), summary: summary(state.target) };
    return withActivityProgress(view, description, client);
  }
  const phase = runPhase(description.status.code, stored);
  const closed = { ...base, phase, done: true, summary: summary(base.target) };
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
    default:
      return { ...closed, error: await closingError(handle.result()) };
  }
}

function notFoundView(id: string, runId?: string): CastView {
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
