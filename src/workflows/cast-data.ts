import {
  ActivityCancellationType,
  ApplicationFailure,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertMemo,
} from '@temporalio/workflow';
import type * as activities from '../activities/index.js';
import { castErrorOf } from '../failure-info.js';
import {
  queuedState,
  stateMemoKey,
  stateQuery,
  type CastInput,
  type CastState,
} from '../shared.js';

export async function castData({
  request,
  activity,
  completedLeavesMemo = false,
  castingLeavesMemo = false,
}: CastInput): Promise<CastState> {
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

  const enter = (changes: Partial<CastState>, inMemo = true) => {
    Object.assign(state, changes);
    const { result: _result, ...memo } = state;
    if (inMemo) upsertMemo({ [stateMemoKey]: memo });
    // The SDK adds workflowId and runId, and drops these lines during replay.
    log.info('cast phase', { phase: state.phase, attempt: state.attempt });
  };

  enter(
    {
      phase: 'casting',
      attempt: 1,
      timings: { ...state.timings, startedAt: new Date().toISOString() },
    },
    !castingLeavesMemo,
  );
  try {
    const outcome = await castWithModel(request);
    enter(
      {
        phase: 'completed',
        result: outcome.value,
        usage: outcome.usage,
        reasks: outcome.reasks,
        timings: finished(state),
      },
      !completedLeavesMemo,
    );
    return state;
  } catch (err) {
    if (isCancellation(err)) {
      enter({ phase: 'cancelled', timings: finished(state) });
      throw err;
    }
    const error = castErrorOf(err, { lastOf: activity.maximumAttempts });
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
