import {
  ActivityFailure,
  ApplicationFailure,
  TerminatedFailure,
  TimeoutFailure,
  type TimeoutType,
} from '@temporalio/common';
import { isCastErrorType, lastAttemptSentence, type CastErrorInfo } from './cast/errors.js';

export interface FailureReading {
  /**
   * The retry policy's limit, when no attempt follows this failure (the run fails with it): a
   * timeout then says so, as the activity's own failures do.
   */
  lastOf?: number;
}

/**
 * The one reading of a cast's failure, wherever it is met: by the workflow (its activity
 * failed), by a reader (the failed run's result, or the last failure of a retried activity).
 * The activity puts the person-readable info in the failure's `details[0]`; Temporal's own
 * failures (a timeout, a termination) get their sentence here, naming the setting to change.
 * Runs in the workflow sandbox too: no I/O.
 */
export function castErrorOf(failure: unknown, { lastOf }: FailureReading = {}): CastErrorInfo {
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  if (cause instanceof ApplicationFailure) {
    const detail = cause.details?.[0] as Partial<CastErrorInfo> | undefined;
    return {
      ...detail,
      type: isCastErrorType(cause.type) ? cause.type : 'CastFailed',
      message: cause.message,
    };
  }
  if (cause instanceof TimeoutFailure) return attemptTimeout(cause.timeoutType, lastOf);
  if (cause instanceof TerminatedFailure) {
    return {
      type: 'Terminated',
      message: `The run was terminated: ${cause.message || 'no reason given'}.`,
    };
  }
  return { type: 'CastFailed', message: cause instanceof Error ? cause.message : String(cause) };
}

/** Temporal's own words ("activity StartToClose timeout") name no setting a person can change. */
function attemptTimeout(timeoutType: TimeoutType | undefined, lastOf?: number): CastErrorInfo {
  const what =
    timeoutType === 'HEARTBEAT'
      ? 'The worker stopped reporting progress on the model call (CAST_HEARTBEAT_TIMEOUT_SECONDS): it may have crashed, or its event loop was blocked.'
      : 'The model call did not finish within CAST_TIMEOUT_SECONDS.';
  if (lastOf === undefined) return { type: 'ModelTimeout', message: what };
  // Temporal reports a timeout as the activity's failure only once no attempt is left.
  return {
    type: 'ModelTimeout',
    attempt: lastOf,
    message: `${what} ${lastAttemptSentence(lastOf)} Check that the model server answers, use a faster model, or raise CAST_TIMEOUT_SECONDS.`,
  };
}
