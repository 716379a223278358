/**
 * Every failure type a person can see, in one place: the `type` of the activity's
 * ApplicationFailures and of a failed run, `error.type` and `lastError.type` in the JSON API, and
 * what the page shows. Renaming one is a breaking change.
 */
export const retryableErrorTypes = [
  'RateLimited',
  'ModelServerError',
  'NetworkError',
  'ModelTimeout',
] as const;

export const nonRetryableErrorTypes = [
  'ModelNotConfigured',
  'BadCredentials',
  'RequestRejected',
  'ModelRefused',
  'ValidationFailed',
  'OutputTruncated',
] as const;

/**
 * How a run can end that no activity reports: Temporal's own ends (terminated, timed out), a
 * failure of a type outside this list (a bug), and a cast a reader cannot find.
 */
export const runErrorTypes = ['Terminated', 'TimedOut', 'CastFailed', 'NotFound'] as const;

export const castErrorTypes = [
  ...retryableErrorTypes,
  ...nonRetryableErrorTypes,
  ...runErrorTypes,
] as const;

export type RetryableErrorType = (typeof retryableErrorTypes)[number];
export type NonRetryableErrorType = (typeof nonRetryableErrorTypes)[number];
/** The types the model activity fails with. */
export type ActivityErrorType = RetryableErrorType | NonRetryableErrorType;
export type CastErrorType = (typeof castErrorTypes)[number];

export function isCastErrorType(type: string | null | undefined): type is CastErrorType {
  return (castErrorTypes as readonly unknown[]).includes(type);
}

/** What a person needs to act on a failure; safe to show and to store in history. */
export interface CastErrorInfo {
  type: CastErrorType;
  message: string;
  /** The attempt of the model call that failed (1-based). */
  attempt?: number;
  /** The model's last raw answer, for a validation failure or a truncated answer. */
  rawOutput?: string;
  /** The validation errors of that answer. */
  issues?: string[];
}

/** Said once no retry follows a failure that is usually retried. */
export function lastAttemptSentence(maximumAttempts: number): string {
  return `That was the last of ${maximumAttempts} attempts, and all of them failed.`;
}
