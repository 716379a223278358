import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  log,
  TimeoutFailure,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import type * as activities from '../activities/index.js';
import type { CastErrorInfo } from '../cast/errors.js';
import {
  queuedState,
  stateMemoKey,
  stateQuery,
  type CastInput,
  type CastState,
} from '../shared.js';

export async function castData({ request, activity }: CastInput): Promise<CastState> {
  const state = queuedState(request, new Date());
  setHandler(stateQuery, () => state);

  const { castWithModel } = proxyActivities<ReturnType<typeof activities.createActivities>>({
    startToCloseTimeout: activity.startToCloseTimeoutMs,
    heartbeatTimeout: activity.heartbeatTimeoutMs,
    // Wait for the activity to abort its HTTP request before the run is reported cancelled.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      maximumAttempts: activity.maximumAttempts,
      initialInterval: activity.initialIntervalMs,
      maximumInterval: activity.maximumIntervalMs,
      backoffCoefficient: activity.backoffCoefficient,
    },
  });

  const enter = (changes: Partial<CastState>) => {
    Object.assign(state, changes);
    const { result: _result, ...memo } = state;
    upsertMemo({ [stateMemoKey]: memo });
    // The SDK adds workflowId and runId, and drops these lines during replay.
    log.info('cast phase', { phase: state.phase, attempt: state.attempt });
  };

  enter({
    phase: 'casting',
    attempt: 1,
    timings: { ...state.timings, startedAt: new Date().toISOString() },
  });
  try {
    const outcome = await castWithModel(request);
    enter({
      phase: 'completed',
      result: outcome.value,
      usage: outcome.usage,
      reasks: outcome.reasks,
      timings: finished(state),
    });
    return state;
  } catch (err) {
    if (isCancellation(err)) {
      enter({ phase: 'cancelled', timings: finished(state) });
      throw err;
    }
    const error = describeFailure(err, activity.maximumAttempts);
    enter({
      phase: 'failed',
      attempt: error.attempt ?? state.attempt,
      error,
      timings: finished(state),
    });
    // Fail the run itself, so the Temporal UI and CLI show it as failed with the same type.
    throw ApplicationFailure.create({
      type: error.type,
      message: error.message,
      nonRetryable: true,
      details: [error],
      cause: err instanceof Error ? err : undefined,
    });
  }
}

function finished(state: CastState): CastState['timings'] {
  const finishedAt = new Date();
  const startedAt = state.timings.startedAt ?? state.timings.queuedAt;
  return {
    ...state.timings,
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - Date.parse(startedAt),
  };
}

/**
 * The run's final error. The activity's own failure already says what happened, over how many
 * attempts and what to do; a timeout is Temporal's, so its sentence is written here.
 */
function describeFailure(err: unknown, maximumAttempts: number): CastErrorInfo {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    const detail = cause.details?.[0] as Partial<CastErrorInfo> | undefined;
    return { ...detail, type: cause.type ?? 'CastFailed', message: cause.message };
  }
  if (cause instanceof TimeoutFailure) {
    // Temporal reports a timeout as the run's failure only once no attempt is left.
    const what =
      cause.timeoutType === 'HEARTBEAT'
        ? 'The worker stopped reporting progress on the model call (CAST_HEARTBEAT_TIMEOUT_SECONDS): it may have crashed, or its event loop was blocked.'
        : 'The model call did not finish within CAST_TIMEOUT_SECONDS.';
    return {
      type: 'ModelTimeout',
      attempt: maximumAttempts,
      message: `${what} That was the last of ${maximumAttempts} attempts, and all of them failed. Check that the model server answers, use a faster model, or raise CAST_TIMEOUT_SECONDS.`,
    };
  }
  if (cause instanceof Error) return { type: cause.name, message: cause.message };
  return { type: 'CastFailed', message: String(cause) };
}
