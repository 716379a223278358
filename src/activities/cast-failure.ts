import { ApplicationFailure } from '@temporalio/common';
import {
  lastAttemptSentence,
  nonRetryableErrorTypes,
  type ActivityErrorType,
  type CastErrorInfo,
  type NonRetryableErrorType,
} from '../cast/errors.js';
import { redact } from './redact.js';

export interface FailureExtras {
  rawOutput?: string;
  issues?: string[];
  /** Overrides the retry policy's backoff for this one retry (Retry-After). */
  nextRetryDelayMs?: number;
  /** Stops retries of a type that is usually retried (a 429 asking to wait for hours). */
  nonRetryable?: boolean;
  /** What a person can do; said once no retry will follow. */
  advice?: string;
}

/** Where the failure happens: which attempt of how many, and what must never be stored. */
export interface FailureContext {
  /** Configured secret values (the API key), redacted from every text. */
  secrets?: readonly string[];
  attempt?: number;
  /** The retry policy's limit; 0 or absent means unlimited. */
  maximumAttempts?: number;
}

/**
 * The one way this project builds an activity failure: a stable `type`, retryability decided
 * by the type (or a one-off `nonRetryable`), and a message that fits the moment. While a retry
 * will follow it says only what happened (readers add when the next attempt comes); once none
 * will, it also says over how many attempts and what to do. The person-readable info, with the
 * attempt, is repeated in `details[0]` for the workflow state. Every text is redacted.
 */
export function castFailure(
  type: ActivityErrorType,
  reason: string,
  extras: FailureExtras = {},
  context: FailureContext = {},
): ApplicationFailure {
  const nonRetryable = isNonRetryableType(type) || extras.nonRetryable === true;
  const last = !nonRetryable && isLastAttempt(context);
  const parts = [reason];
  if (last) parts.push(lastAttemptSentence(context.maximumAttempts!));
  if ((nonRetryable || last) && extras.advice) parts.push(extras.advice);
  const secrets = context.secrets ?? [];
  const message = redact(parts.join(' '), secrets);
  const info: CastErrorInfo = { type, message };
  if (context.attempt !== undefined) info.attempt = context.attempt;
  if (extras.rawOutput !== undefined) info.rawOutput = redact(extras.rawOutput, secrets);
  if (extras.issues !== undefined) info.issues = extras.issues.map((i) => redact(i, secrets));
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable,
    details: [info],
    nextRetryDelay: nonRetryable || last ? undefined : extras.nextRetryDelayMs,
  });
}

function isNonRetryableType(type: string): type is NonRetryableErrorType {
  return (nonRetryableErrorTypes as readonly string[]).includes(type);
}

function isLastAttempt({ attempt, maximumAttempts }: FailureContext): boolean {
  return (
    attempt !== undefined &&
    maximumAttempts !== undefined &&
    maximumAttempts > 0 &&
    attempt >= maximumAttempts
  );
}
