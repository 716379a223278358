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
import {
  castFailure,
  classifyModelError,
  isSchemaRejection,
  maxRetryAfterMs,
  retryAfterMs,
} from '../../../src/activities/classify-error.js';
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
    expect(failure.message).toContain('retry in 2s');
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
      cause: new Error('connect ECONNREFUSED 127.0.0.1:9'),
    });
    const failure = classifyModelError(new APIConnectionError({ cause: refused }));
    expect(failure.type).toBe('NetworkError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('ECONNREFUSED 127.0.0.1:9');
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
    expect(failure.message).toContain('[redacted]');
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

  it('caps long delays and ignores past, zero and garbage values', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '86400' }), now)).toBe(maxRetryAfterMs);
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
  });
});
