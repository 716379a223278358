import { ApplicationFailure } from '@temporalio/common';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { describe, expect, it } from 'vitest';
import { castFailure } from '../../../src/activities/cast-failure.js';
import { classifyModelError, isSchemaRejection } from '../../../src/activities/classify-error.js';
import { redact } from '../../../src/activities/redact.js';
import { maxRetryAfterMs, retryAfterMs } from '../../../src/activities/retry-after.js';
import type { CastErrorInfo } from '../../../src/cast/errors.js';

const leakedKey = 'sk-proj-abcdef1234567890SECRET';

function httpError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code?: string,
) {
  return APIError.generate(
    status,
    { error: { message, type: 'test', code: code ?? null } },
    undefined,
    new Headers(headers),
  );
}

function info(failure: ApplicationFailure): CastErrorInfo {
  return failure.details?.[0] as CastErrorInfo;
}

describe('classifyModelError', () => {
  it('maps 429 to a retryable RateLimited failure', () => {
    const err = httpError(429, 'Rate limit reached for requests');
    expect(err).toBeInstanceOf(RateLimitError);
    const failure = classifyModelError(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('RateLimited');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBeUndefined();
    expect(failure.message).toContain('Rate limit reached for requests');
    expect(info(failure)).toEqual({ type: 'RateLimited', message: failure.message });
  });

  it('uses Retry-After seconds as the next retry delay', () => {
    const failure = classifyModelError(httpError(429, 'slow down', { 'retry-after': '2' }));
    expect(failure.nextRetryDelay).toBe(2000);
    // What happened, not what comes next: the reader knows when the next attempt starts.
    expect(failure.message).toBe(
      'The model server is rate limiting requests (HTTP 429: slow down).',
    );
  });

  it('fails a 429 at once when the server asks to wait longer than typecast waits for a retry', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const failure = classifyModelError(httpError(429, 'quota', { 'retry-after': '86400' }), {
      now,
      attempt: 1,
      maximumAttempts: 5,
    });
    expect(failure.type).toBe('RateLimited');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.nextRetryDelay).toBeUndefined();
    expect(failure.message).toContain('wait 24 h (until 2025-01-02T00:00:00Z)');
    expect(failure.message).toContain('Submit the cast again after that time.');
    expect(info(failure).attempt).toBe(1);
    // Within the bound it is retried after exactly the delay asked for.
    const soon = classifyModelError(
      httpError(429, 'q', { 'retry-after': String(maxRetryAfterMs / 1000) }),
    );
    expect(soon.nonRetryable).toBe(false);
    expect(soon.nextRetryDelay).toBe(maxRetryAfterMs);
  });

  it('says what happened while retries remain, and over how many attempts and what to do on the last', () => {
    const err = httpError(500, 'boom');
    const early = classifyModelError(err, { attempt: 2, maximumAttempts: 5 });
    expect(early.message).toBe('The model server failed with HTTP 500 (boom).');
    expect(info(early)).toEqual({ type: 'ModelServerError', message: early.message, attempt: 2 });
    const last = classifyModelError(err, { attempt: 5, maximumAttempts: 5 });
    expect(last.message).toBe(
      'The model server failed with HTTP 500 (boom). That was the last of 5 attempts, and all ' +
        'of them failed. Check that the model server is healthy (its logs say more), then ' +
        'submit the cast again.',
    );
    expect(info(last).attempt).toBe(5);
    expect(last.message).not.toMatch(/will retry/i);
  });

  it('summarises an HTML error page instead of quoting it', () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title><style>body{color:red}</style></head>\r\n' +
      `<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'<p>filler</p>'.repeat(200)}</body>\r\n</html>`;
    const err = APIError.generate(
      502,
      undefined,
      page,
      new Headers({ 'content-type': 'text/html; charset=utf-8' }),
    );
    const failure = classifyModelError(err);
    expect(failure.message).toBe(
      'The model server failed with HTTP 502 (a text/html body starting "502 Bad Gateway").',
    );
  });

  it('tells a connection the server closed from a server that could not be reached', () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const closed = classifyModelError(
      new APIConnectionError({ cause: new TypeError('fetch failed', { cause: reset }) }),
    );
    expect(closed.type).toBe('NetworkError');
    expect(closed.message).toBe(
      'The model server closed the connection before it answered (other side closed).',
    );
    const econnreset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(
      classifyModelError(
        new APIConnectionError({ cause: new TypeError('fetch failed', { cause: econnreset }) }),
      ).message,
    ).toContain('closed the connection');
  });

  it('names CAST_TIMEOUT_SECONDS when the model does not answer in time', () => {
    const failure = classifyModelError(new APIConnectionTimeoutError(), {
      timeoutSeconds: 60,
      attempt: 3,
      maximumAttempts: 3,
    });
    expect(failure.message).toContain('(CAST_TIMEOUT_SECONDS=60)');
    expect(failure.message).toContain('raise CAST_TIMEOUT_SECONDS');
    expect(failure.message).not.toContain('model request timeout');
  });

  it('maps 5xx to a retryable ModelServerError', () => {
    for (const status of [500, 502, 503]) {
      const err = httpError(status, 'upstream exploded');
      expect(err).toBeInstanceOf(InternalServerError);
      const failure = classifyModelError(err);
      expect(failure.type).toBe('ModelServerError');
      expect(failure.nonRetryable).toBe(false);
      expect(failure.message).toContain(`HTTP ${status}`);
    }
  });

  it('maps a failed connection to a retryable NetworkError naming the cause', () => {
    const refused = new Error('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    const failure = classifyModelError(new APIConnectionError({ cause: refused }), {
      attempt: 5,
      maximumAttempts: 5,
    });
    expect(failure.type).toBe('NetworkError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toMatch(
      /^Could not reach the model server \(connect ECONNREFUSED 127.0.0.1:9\)\./,
    );
    expect(failure.message).toContain('OPENAI_BASE_URL');
  });

  it('maps timeouts and aborts to a retryable ModelTimeout', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    for (const err of [
      new APIConnectionTimeoutError(),
      abort,
      new APIUserAbortError(),
      httpError(408, 'timeout'),
    ]) {
      const failure = classifyModelError(err);
      expect(failure.type).toBe('ModelTimeout');
      expect(failure.nonRetryable).toBe(false);
    }
  });

  it('maps 401 and 403 to non-retryable BadCredentials without echoing the key', () => {
    const unauthorized = httpError(
      401,
      `Incorrect API key provided: ${leakedKey}. You can find your API key at ...`,
    );
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    for (const err of [unauthorized, httpError(403, `Project of key ${leakedKey} has no access`)]) {
      const failure = classifyModelError(err);
      expect(failure.type).toBe('BadCredentials');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.message).toContain('OPENAI_API_KEY');
      expect(JSON.stringify([failure.message, failure.details, failure.cause])).not.toContain(
        'abcdef',
      );
    }
  });

  it('maps 404 to RequestRejected naming the model and OPENAI_MODEL', () => {
    const err = httpError(404, 'The model `gpt-nope` does not exist');
    expect(err).toBeInstanceOf(NotFoundError);
    const failure = classifyModelError(err, { model: 'gpt-nope' });
    expect(failure.type).toBe('RequestRejected');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('"gpt-nope"');
    expect(failure.message).toContain('OPENAI_MODEL');
  });

  it('maps 400 and 422 to non-retryable RequestRejected, hinting at the schema when it is the reason', () => {
    const schemaError = httpError(
      400,
      "Invalid schema for response_format 'cast': 'format' is not permitted",
    );
    expect(schemaError).toBeInstanceOf(BadRequestError);
    const failure = classifyModelError(schemaError);
    expect(failure.type).toBe('RequestRejected');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain("'format' is not permitted");
    expect(failure.message).toContain('JSON Schema features');
    expect(isSchemaRejection(schemaError)).toBe(true);

    const other = classifyModelError(httpError(422, 'messages must not be empty'));
    expect(other.type).toBe('RequestRejected');
    expect(other.message).not.toContain('JSON Schema features');
    expect(isSchemaRejection(httpError(400, 'messages must not be empty'))).toBe(false);
    expect(isSchemaRejection(httpError(500, 'schema cache broken'))).toBe(false);
  });

  it('redacts anything key-like from messages it passes on', () => {
    const failure = classifyModelError(httpError(500, `proxy got Bearer ${leakedKey} wrong`));
    expect(failure.message).not.toContain('abcdef');
    expect(failure.message).toContain('proxy got Bearer [redacted] wrong');
  });

  it('redacts the configured key itself, whatever its shape, from message and details', () => {
    const key = 'gsk_probeSECRET123xyz';
    const failure = classifyModelError(
      httpError(400, `Invalid API key ${key} for this project (key=${key})`),
      { secrets: [key], attempt: 1, maximumAttempts: 5 },
    );
    expect(failure.type).toBe('RequestRejected');
    expect(JSON.stringify([failure.message, failure.details])).not.toContain('probeSECRET');
    expect(failure.message).toContain(
      'Invalid API key [redacted] for this project (key=[redacted])',
    );
  });

  it('keeps failures that are already classified', () => {
    const failure = castFailure('ValidationFailed', 'no', { rawOutput: '{}', issues: ['x'] });
    expect(classifyModelError(failure)).toBe(failure);
  });

  it('treats an unknown error as a retryable server problem', () => {
    const failure = classifyModelError(new SyntaxError('Unexpected token < in JSON'));
    expect(failure.type).toBe('ModelServerError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('Unexpected token');
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds, fractions and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(
      1500,
    );
  });

  it('reads an HTTP date relative to now', () => {
    const headers = new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' });
    expect(retryAfterMs(headers, now)).toBe(30_000);
    const failure = classifyModelError(
      httpError(429, 'wait', { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }),
      {
        now,
      },
    );
    expect(failure.nextRetryDelay).toBe(30_000);
  });

  it('reads long delays as they are and ignores past, zero and garbage values', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '86400' }), now)).toBe(86_400_000);
    expect(
      retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now),
    ).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '0' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('castFailure', () => {
  it('sets retryability from the type and carries raw output and issues', () => {
    const failure = castFailure('ValidationFailed', 'bad value', {
      rawOutput: '{"value":"x"}',
      issues: ['must be number'],
    });
    expect(failure.nonRetryable).toBe(true);
    expect(info(failure)).toEqual({
      type: 'ValidationFailed',
      message: 'bad value',
      rawOutput: '{"value":"x"}',
      issues: ['must be number'],
    });
    expect(castFailure('NetworkError', 'down').nonRetryable).toBe(false);
    expect(castFailure('ModelNotConfigured', 'set it').nonRetryable).toBe(true);
    expect(castFailure('OutputTruncated', 'cut off').nonRetryable).toBe(true);
  });

  it('gives a non-retryable failure its advice at once, and redacts raw output and issues', () => {
    const failure = castFailure(
      'OutputTruncated',
      'Cut off.',
      { advice: 'Shorten it.', rawOutput: 'key sk-live-123456', issues: ['saw sk-live-123456'] },
      { attempt: 2, maximumAttempts: 5, secrets: ['sk-live-123456'] },
    );
    expect(info(failure)).toEqual({
      type: 'OutputTruncated',
      message: 'Cut off. Shorten it.',
      attempt: 2,
      rawOutput: 'key [redacted]',
      issues: ['saw [redacted]'],
    });
  });
});

describe('redact', () => {
  it('leaves a clean "Bearer [redacted]" for a bearer token of any shape', () => {
    expect(redact('Authorization: Bearer sk-abc123def456')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redact('Bearer gsk_probeSECRET123xyz, then')).toBe('Bearer [redacted] then');
    expect(redact('header Bearer xyz', ['gsk_probeSECRET123xyz'])).toBe('header Bearer [redacted]');
  });

  it('redacts configured values whatever their shape, but not values too short to be secrets', () => {
    expect(
      redact('got gsk_probeSECRET123xyz twice: gsk_probeSECRET123xyz', ['gsk_probeSECRET123xyz']),
    ).toBe('got [redacted] twice: [redacted]');
    expect(redact('local model, no key', ['local'])).toBe('local model, no key');
  });
});
