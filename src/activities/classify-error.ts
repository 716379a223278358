import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { castFailure, type FailureContext } from './cast-failure.js';
import { redact } from './redact.js';
import { formatDelay, maxRetryAfterMs, retryAfterMs } from './retry-after.js';

/** Longest part of a server's own message we pass on; enough to act on, short enough to show. */
const maxServerMessageLength = 300;

export interface ClassifyContext extends FailureContext {
  /** The model name requested, to name it when the server does not know it. */
  model?: string;
  /** CAST_TIMEOUT_SECONDS as configured, to name it when the model does not answer in time. */
  timeoutSeconds?: number;
  /** Clock for HTTP-date Retry-After values; injectable for tests. */
  now?: number;
}

const advice = {
  server: 'Check that the model server is healthy (its logs say more), then submit the cast again.',
  reach: 'Check OPENAI_BASE_URL and that the model server is running, then submit the cast again.',
  rate: 'Wait until the limit resets (or raise it with the provider), then submit the cast again; MODEL_RATE_LIMIT_PER_SECOND keeps the workers under a known limit.',
  timeout:
    'Use a faster model or shorter text, or raise CAST_TIMEOUT_SECONDS for the worker, then submit the cast again.',
};

/**
 * Maps an error from the openai client (or the fetch beneath it) to an ApplicationFailure that
 * Temporal retries only when a later attempt can succeed. Never passes the original error on
 * as a cause: its message can echo the API key.
 */
export function classifyModelError(
  err: unknown,
  context: ClassifyContext = {},
): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;

  // Order matters: the timeout and abort errors are subclasses of APIConnectionError / APIError.
  if (err instanceof APIConnectionTimeoutError || isAbortError(err)) {
    const setting =
      context.timeoutSeconds === undefined
        ? 'CAST_TIMEOUT_SECONDS'
        : `CAST_TIMEOUT_SECONDS=${context.timeoutSeconds}`;
    return castFailure(
      'ModelTimeout',
      `The model server did not answer within the request timeout (${setting}).`,
      { advice: advice.timeout },
      context,
    );
  }
  if (err instanceof APIUserAbortError) {
    return castFailure(
      'ModelTimeout',
      'The request to the model was aborted before it answered.',
      { advice: advice.timeout },
      context,
    );
  }
  if (err instanceof APIConnectionError) return connectionFailure(err, context);
  if (err instanceof APIError && typeof err.status === 'number') {
    return classifyStatus(err, err.status, context);
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return castFailure(
    'ModelServerError',
    `Unexpected error while talking to the model server: ${text}.`,
    { advice: "Check the worker's logs." },
    context,
  );
}

// undici's codes: the server was never reached, or it was and then dropped the connection.
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function connectionFailure(err: APIConnectionError, context: ClassifyContext): ApplicationFailure {
  const { code, message } = innermostCause(err.cause);
  const detail = message ? ` (${message})` : '';
  if (code && droppedCodes.has(code)) {
    return castFailure(
      'NetworkError',
      `The model server closed the connection before it answered${detail}.`,
      { advice: advice.server },
      context,
    );
  }
  const reached =
    !code || unreachableCodes.has(code) ? 'Could not reach' : 'Lost the connection to';
  return castFailure(
    'NetworkError',
    `${reached} the model server${detail}.`,
    { advice: advice.reach },
    context,
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
      {},
      context,
    );
  }
  if (status === 403) {
    return castFailure(
      'BadCredentials',
      'The API key is not allowed to use this model or endpoint (HTTP 403). Check OPENAI_API_KEY ' +
        'and the access of its project or organization.',
      {},
      context,
    );
  }
  if (status === 429) return rateLimited(err, saying, context);
  if (status === 408) {
    return castFailure(
      'ModelTimeout',
      `The model server timed out the request (HTTP 408${saying}).`,
      { advice: advice.timeout },
      context,
    );
  }
  if (status >= 500 || status === 409) {
    const delay = retryAfterMs(err.headers, context.now);
    return castFailure(
      'ModelServerError',
      `The model server failed with HTTP ${status}${says ? ` (${says})` : ''}.`,
      {
        advice: advice.server,
        nextRetryDelayMs: delay === undefined ? undefined : Math.min(delay, maxRetryAfterMs),
      },
      context,
    );
  }
  if (status === 404) {
    const model = context.model ? ` "${context.model}"` : '';
    return castFailure(
      'RequestRejected',
      `The model server does not know the model${model} (HTTP 404${saying}). Check OPENAI_MODEL, ` +
        'and OPENAI_BASE_URL if you use a compatible server.',
      {},
      context,
    );
  }
  const hint = mentionsSchema(says)
    ? ' The target type may use JSON Schema features this model does not support; try a simpler type.'
    : '';
  return castFailure(
    'RequestRejected',
    `The model server rejected the request (HTTP ${status}${saying}).${hint}`,
    {},
    context,
  );
}

/**
 * A 429 is retried after the delay the server asks for; one asking for longer than we wait for
 * any retry fails at once, saying when the server expects us back.
 */
function rateLimited(err: APIError, saying: string, context: ClassifyContext): ApplicationFailure {
  const now = context.now ?? Date.now();
  const delay = retryAfterMs(err.headers, now);
  const what = `The model server is rate limiting requests (HTTP 429${saying}).`;
  if (delay !== undefined && delay > maxRetryAfterMs) {
    const at = new Date(now + delay).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return castFailure(
      'RateLimited',
      `${what} It asks to wait ${formatDelay(delay)} (until ${at}), longer than typecast waits ` +
        `before a retry (${formatDelay(maxRetryAfterMs)}).`,
      { nonRetryable: true, advice: 'Submit the cast again after that time.' },
      context,
    );
  }
  return castFailure(
    'RateLimited',
    what,
    { advice: advice.rate, nextRetryDelayMs: delay },
    context,
  );
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

/**
 * The server's own words, without the status prefix the client adds, redacted and shortened.
 * A body that is not an API error (a proxy's HTML page) is summarised, never quoted whole.
 */
function serverMessage(err: APIError): string | undefined {
  const body = err.error as { message?: unknown } | undefined;
  let text: string;
  if (typeof body?.message === 'string') text = body.message;
  else if (body !== undefined) text = JSON.stringify(body);
  else text = summariseBody(err);
  text = redact(text.trim());
  if (!text) return undefined;
  return text.length > maxServerMessageLength ? `${text.slice(0, maxServerMessageLength)}…` : text;
}

/** Longest first line of a non-API body we show: a page title, not the page. */
const maxSummaryLength = 100;

function summariseBody(err: APIError): string {
  const raw = err.message.replace(/^\d{3}\s+/, '').replace(/^status code \(no body\)$/, '');
  if (!raw) return '';
  const type = err.headers?.get('content-type')?.split(';')[0]?.trim();
  // Tags become line breaks, so a page's first text (its title, usually) is the first line.
  const firstLine =
    raw
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '\n')
      .replace(/<[^>]*>/g, '\n')
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .find((line) => line !== '') ?? '';
  const line =
    firstLine.length > maxSummaryLength ? `${firstLine.slice(0, maxSummaryLength)}…` : firstLine;
  if (!type || type === 'application/json') return line;
  return `a ${type} body${line ? ` starting "${line}"` : ''}`;
}

/** How deep a cause chain is searched: the useful part is a level or two down. */
const maxCauseDepth = 4;

/** undici wraps the useful part ("connect ECONNREFUSED 127.0.0.1:8080") a level or two deeper. */
function innermostCause(cause: unknown): { code?: string; message?: string } {
  let found: { code?: string; message?: string } = {};
  for (
    let e = cause, depth = 0;
    e instanceof Error && depth < maxCauseDepth;
    e = e.cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    found = {
      code: typeof code === 'string' ? code : found.code,
      message: e.message || found.message,
    };
  }
  return found;
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
