/**
 * Stable failure types. They are the `type` of Temporal ApplicationFailures, the `code` in
 * the JSON API and what the page shows, so renaming one is a breaking change.
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

export type RetryableErrorType = (typeof retryableErrorTypes)[number];
export type NonRetryableErrorType = (typeof nonRetryableErrorTypes)[number];
export type CastErrorType = RetryableErrorType | NonRetryableErrorType;

/** What a person needs to act on a failure; safe to show and to store in history. */
export interface CastErrorInfo {
  type: string;
  message: string;
  /** The attempt of the model call that failed (1-based). */
  attempt?: number;
  /** The model's last raw answer, for a validation failure or a truncated answer. */
  rawOutput?: string;
  /** The validation errors of that answer. */
  issues?: string[];
}
