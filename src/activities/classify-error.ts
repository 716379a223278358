import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  nonRetryableErrorTypes,
  type CastErrorInfo,
  type CastErrorType,
  type NonRetryableErrorType,
} from '../cast/errors.js';

/** A server asking for more than this is capped, so a run never sleeps for hours on one header. */
export const maxRetryAfterMs = 5 * 60_000;

/** Longest part of a server's own message we pass on; enough to act on, short enough to show. */
const maxServerMessageLength = 300;

export interface FailureExtras {
  rawOutput?: string;
  issues?: string[];
  /** Overrides the retry policy's backoff for this one retry (Retry-After). */
  nextRetryDelayMs?: number;
}

/**
 * The one way this project builds an activity failure: stable `type`, retryability decided by
 * the type alone, and the person-readable info repeated in `details[0]` for the workflow state.
 */
export function castFailure(
  type: CastErrorType,
  message: string,
  extras: FailureExtras = {},
): ApplicationFailure {
  const info: CastErrorInfo = { type, message };
  if (extras.rawOutput !== undefined) info.rawOutput = extras.rawOutput;
  if (extras.issues !== undefined) info.issues = extras.issues;
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: isNonRetryableType(type),
    details: [info],
    nextRetryDelay: extras.nextRetryDelayMs,
  });
}

function isNonRetryableType(type: string): type is NonRetryableErrorType {
  return (nonRetryableErrorTypes as readonly string[]).includes(type);
}

export interface ClassifyContext {
  /** The model name requested, to name it when the server does not know it. */
  model?: string;
  /** Clock for HTTP-date Retry-After values; injectable for tests. */
  now?: number;
}

/**
 * Maps an error from the openai client (or the fetch beneath it) to an ApplicationFailure that
 * Temporal retries only when a later attempt can succeed. Never passes the original error on
 * as a cause: its message can echo part of the API key.
 */
export function classifyModelError(
  err: unknown,
  context: ClassifyContext = {},
): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;

  // Order matters: the timeout and abort errors are subclasses of APIConnectionError / APIError.
  if (err instanceof APIConnectionTimeoutError || isAbortError(err)) {
    return castFailure(
      'ModelTimeout',
      'The model did not answer within the request timeout. Temporal will retry; if this keeps ' +
        'happening, raise the model request timeout or use a faster model.',
    );
  }
  if (err instanceof APIUserAbortError) {
    return castFailure(
      'ModelTimeout',
      'The request to the model was aborted before it answered. Temporal will retry.',
    );
  }
  if (err instanceof APIConnectionError) {
    const cause = describeCause(err.cause);
    return castFailure(
      'NetworkError',
      `Could not reach the model server${cause ? ` (${cause})` : ''}. Check OPENAI_BASE_URL and ` +
        'that the server is running; Temporal will retry.',
    );
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    return classifyStatus(err, err.status, context);
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return castFailure(
    'ModelServerError',
    `Unexpected error while talking to the model server: ${redact(text)}. Temporal will retry.`,
  );
}

function classifyStatus(
  err: APIError,
  status: number,
  context: ClassifyContext,
): ApplicationFailure {
  const says = serverMessage(err);
  const saying = says ? `: ${says}` : '';
  if (status === 401) {
    // Our own sentence only: OpenAI's 401 message quotes part of the key.
    return castFailure(
      'BadCredentials',
      'The model server rejected the API key (HTTP 401). Check OPENAI_API_KEY for the worker.',
    );
  }
  if (status === 403) {
    return castFailure(
      'BadCredentials',
      'The API key is not allowed to use this model or endpoint (HTTP 403). Check OPENAI_API_KEY ' +
        'and the access of its project or organization.',
    );
  }
  if (status === 429) {
    const delayMs = retryAfterMs(err.headers, context.now);
    const when =
      delayMs === undefined
        ? 'Temporal will retry with backoff.'
        : `Temporal will retry in ${formatSeconds(delayMs)}, as the server asked.`;
    return castFailure(
      'RateLimited',
      `The model server is rate limiting requests (HTTP 429${saying}). ${when}`,
      {
        nextRetryDelayMs: delayMs,
      },
    );
  }
  if (status === 408) {
    return castFailure(
      'ModelTimeout',
      `The model server timed out the request (HTTP 408${saying}). Temporal will retry.`,
    );
  }
  if (status >= 500 || status === 409) {
    return castFailure(
      'ModelServerError',
      `The model server failed (HTTP ${status}${saying}). Temporal will retry.`,
      { nextRetryDelayMs: retryAfterMs(err.headers, context.now) },
    );
  }
  if (status === 404) {
    const model = context.model ? ` "${context.model}"` : '';
    return castFailure(
      'RequestRejected',
      `The model server does not know the model${model} (HTTP 404${saying}). Check OPENAI_MODEL, ` +
        'and OPENAI_BASE_URL if you use a compatible server.',
    );
  }
  const hint = mentionsSchema(says)
    ? ' The target type may use JSON Schema features this model does not support; try a simpler type.'
    : '';
  return castFailure(
    'RequestRejected',
    `The model server rejected the request (HTTP ${status}${saying}).${hint}`,
  );
}

/** Delay the server asked for, from `retry-after-ms` or `Retry-After` (seconds or HTTP date). */
export function retryAfterMs(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const millis = headers.get('retry-after-ms');
  if (millis !== null && /^\s*\d+(\.\d+)?\s*$/.test(millis)) return capDelay(Number(millis));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return capDelay(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return capDelay(date - now);
}

function capDelay(ms: number): number | undefined {
  // A date in the past or zero says "now": leave it to the retry policy's backoff.
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(Math.ceil(ms), maxRetryAfterMs);
}

export function isSchemaRejection(err: unknown): boolean {
  return (
    err instanceof APIError &&
    (err.status === 400 || err.status === 422) &&
    mentionsSchema(`${err.message} ${err.param ?? ''}`)
  );
}

function mentionsSchema(text: string | undefined): boolean {
  return text !== undefined && /response_format|json_schema|schema/i.test(text);
}

/** The server's own words, without the status prefix the client adds, redacted and shortened. */
function serverMessage(err: APIError): string | undefined {
  const body = err.error as { message?: unknown } | undefined;
  const raw =
    typeof body?.message === 'string'
      ? body.message
      : err.message.replace(/^\d{3}\s+/, '').replace(/^status code \(no body\)$/, '');
  const text = redact(raw.trim());
  if (!text) return undefined;
  return text.length > maxServerMessageLength ? `${text.slice(0, maxServerMessageLength)}…` : text;
}

function describeCause(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  // undici wraps the useful part ("connect ECONNREFUSED 127.0.0.1:8080") one level deeper.
  const inner = cause.cause instanceof Error ? cause.cause.message : undefined;
  return redact(inner ?? cause.message);
}

/** Removes anything that looks like a credential from text we are about to store or show. */
export function redact(text: string): string {
  return text
    .replace(/\b(sk|rk|pk)-[A-Za-z0-9_*.-]{3,}/g, '[redacted key]')
    .replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]');
}

function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'name' in err &&
    (err.name === 'AbortError' || err.name === 'TimeoutError') &&
    !(err instanceof APIError)
  );
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}
