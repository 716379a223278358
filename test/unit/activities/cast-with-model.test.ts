import {
  ApplicationFailure,
  CancelledFailure,
  type LogLevel,
  type LogMetadata,
} from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../../src/activities/index.js';
import { createModelClient } from '../../../src/activities/model-client.js';
import type { CastErrorInfo } from '../../../src/cast/errors.js';
import { toModelSchema } from '../../../src/cast/model-schema.js';
import type { CastOutcome, CastRequest } from '../../../src/cast/types.js';
import { validateValue } from '../../../src/cast/validate.js';
import { startModelServer, type ModelServer } from '../../support/model-server.js';

const apiKey = 'sk-test-do-not-leak-0123456789';
const numberTarget = { label: 'number', schema: { type: 'number' } };
const request: CastRequest = {
  text: 'The ticket costs forty-two dollars.',
  target: numberTarget,
  instructions: 'Just the amount.',
  model: 'test-model',
};

interface LogEntry {
  level: LogLevel;
  message: string;
  meta?: LogMetadata;
}

function collectingLogger(entries: LogEntry[]) {
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) =>
    void entries.push({ level, message, meta });
  return {
    log: (level: LogLevel, message: string, meta?: LogMetadata) =>
      void entries.push({ level, message, meta }),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}

let server: ModelServer;
let logs: LogEntry[];
let env: MockActivityEnvironment;

beforeEach(async () => {
  server = await startModelServer();
  logs = [];
  env = new MockActivityEnvironment(undefined, { logger: collectingLogger(logs) });
});

afterEach(async () => {
  await server.close();
});

function cast(
  options: {
    maxReasks?: number;
    timeoutMs?: number;
    baseURL?: string;
    key?: string | undefined;
    target?: CastRequest['target'];
  } = {},
): Promise<CastOutcome> {
  const openai = createModelClient({
    apiKey: 'key' in options ? options.key : apiKey,
    baseURL: 'baseURL' in options ? options.baseURL : server.url,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const { castWithModel } = createActivities({
    openai,
    maxReasks: options.maxReasks ?? 2,
    heartbeatIntervalMs: 50,
    secrets: [apiKey],
    timeoutSeconds: 42,
  });
  return env.run(castWithModel, { ...request, target: options.target ?? request.target });
}

async function failureOf(promise: Promise<CastOutcome>): Promise<ApplicationFailure> {
  const err = await promise.then(
    (outcome) => new Error(`expected a failure, got ${JSON.stringify(outcome)}`),
    (thrown: unknown) => thrown,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

function detailOf(failure: ApplicationFailure): CastErrorInfo {
  return failure.details?.[0] as CastErrorInfo;
}

describe('castWithModel', () => {
  it('returns the validated value and usage from a strict structured-output request', async () => {
    server.script({
      answer: 42,
      usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
    });

    const outcome = await cast();

    expect(outcome).toEqual({
      value: 42,
      usage: { promptTokens: 11, completionTokens: 3, totalTokens: 14 },
      reasks: 0,
      mode: 'json_schema',
    });
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    const modelSchema = toModelSchema(numberTarget.schema);
    expect(modelSchema.strict).toBe(true);
    expect(sent?.body.model).toBe('test-model');
    expect(sent?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'cast', strict: true, schema: modelSchema.schema },
    });
    expect(sent?.body.response_format?.json_schema?.schema).toMatchObject({
      type: 'object',
      properties: { value: { type: 'number' } },
    });
    const prompt = JSON.stringify(sent?.body.messages);
    expect(prompt).toContain(request.text);
    expect(prompt).toContain(request.instructions);
    // The key travels only in the Authorization header, never in the body or the logs.
    expect(sent?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent?.rawBody).not.toContain(apiKey);
    expect(JSON.stringify(logs)).not.toContain(apiKey);
    expect(sent?.headers['x-stainless-retry-count']).toBe('0');
  });

  it('asks again with the previous answer and the exact validation issues', async () => {
    server.script({ answer: 'forty-two' }, { answer: 42 });

    const outcome = await cast();

    expect(outcome.value).toBe(42);
    expect(outcome.reasks).toBe(1);
    expect(outcome.usage).toEqual({ promptTokens: 40, completionTokens: 10, totalTokens: 50 });
    expect(server.requests).toHaveLength(2);
    const checked = validateValue(numberTarget.schema, 'forty-two');
    expect(checked.ok).toBe(false);
    const issues = checked.ok ? [] : checked.issues;
    expect(issues.length).toBeGreaterThan(0);
    const first = server.requests[0]?.body.messages ?? [];
    const second = server.requests[1]?.body.messages ?? [];
    expect(second.length).toBeGreaterThan(first.length);
    expect(second.slice(0, first.length)).toEqual(first);
    const followUp = JSON.stringify(second.slice(first.length));
    expect(followUp).toContain(JSON.stringify(JSON.stringify({ value: 'forty-two' })).slice(1, -1));
    for (const issue of issues) expect(followUp).toContain(JSON.stringify(issue).slice(1, -1));
  });

  it('asks again after an answer that is not JSON', async () => {
    server.script({ content: 'The answer is 42.' }, { answer: 42 });

    const outcome = await cast();

    expect(outcome).toMatchObject({ value: 42, reasks: 1 });
    const followUp = JSON.stringify(server.requests[1]?.body.messages);
    expect(followUp).toContain('The answer is 42.');
    expect(followUp).toContain('not valid JSON');
  });

  it('fails with ValidationFailed after maxReasks re-asks, keeping the last raw answer', async () => {
    server.setDefault({ answer: 'nope' });

    const failure = await failureOf(cast({ maxReasks: 2 }));

    expect(failure.type).toBe('ValidationFailed');
    expect(failure.nonRetryable).toBe(true);
    expect(server.requests).toHaveLength(3);
    const checked = validateValue(numberTarget.schema, 'nope');
    expect(detailOf(failure)).toEqual({
      type: 'ValidationFailed',
      message: failure.message,
      attempt: 1,
      rawOutput: JSON.stringify({ value: 'nope' }),
      issues: checked.ok ? [] : checked.issues,
    });
    expect(failure.message).toContain('number');
  });

  it('falls back to JSON mode when the server rejects the strict schema', async () => {
    server.script(
      {
        status: 400,
        body: {
          error: {
            message: "Invalid schema for response_format 'cast'",
            type: 'invalid_request_error',
            param: 'response_format',
          },
        },
      },
      { answer: 42 },
    );

    const outcome = await cast();

    expect(outcome).toMatchObject({ value: 42, mode: 'json_object', reasks: 0 });
    expect(server.requests.map((r) => r.body.response_format?.type)).toEqual([
      'json_schema',
      'json_object',
    ]);
  });

  it('uses JSON mode from the start for a schema strict mode cannot express', async () => {
    const scores = {
      label: 'Record<string, number>',
      schema: { type: 'object', additionalProperties: { type: 'number' } },
    };
    expect(toModelSchema(scores.schema).strict).toBe(false);
    server.script({ answer: { alice: 3, bob: 5 } });

    const outcome = await cast({ target: scores });

    expect(outcome).toMatchObject({ value: { alice: 3, bob: 5 }, mode: 'json_object', reasks: 0 });
    expect(server.requests[0]?.body.response_format).toEqual({ type: 'json_object' });
    expect(JSON.stringify(server.requests[0]?.body.messages)).toContain('additionalProperties');
  });

  it('fails at once with BadCredentials on 401 without leaking the key', async () => {
    server.setDefault({
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${apiKey}.`, type: 'invalid_request_error' },
      },
    });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('BadCredentials');
    expect(failure.nonRetryable).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify([failure.message, failure.details, logs])).not.toContain(apiKey);
  });

  it('turns 429 with Retry-After into RateLimited with that delay', async () => {
    server.script({ status: 429, headers: { 'retry-after': '2' } });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('RateLimited');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('turns 500 into a retryable ModelServerError', async () => {
    server.script({ status: 500 });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('ModelServerError');
    expect(failure.nonRetryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('turns an unknown model (404) into RequestRejected naming the model', async () => {
    server.script({
      status: 404,
      body: { error: { message: 'The model `test-model` does not exist' } },
    });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('RequestRejected');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('OPENAI_MODEL');
  });

  it('turns a refusal into ModelRefused', async () => {
    server.script({ refusal: "I can't help with that." });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('ModelRefused');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain("I can't help with that.");
    expect(server.requests).toHaveLength(1);
  });

  it('asks a keyless server (the local model, Ollama, …) with a placeholder key', async () => {
    server.script({ answer: 42 });
    const outcome = await cast({ key: undefined });

    expect(outcome.value).toBe(42);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer no-key');
  });

  it('fails with ModelNotConfigured when there is neither an API key nor a server', async () => {
    const failure = await failureOf(cast({ key: undefined, baseURL: undefined }));

    expect(failure.type).toBe('ModelNotConfigured');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('OPENAI_API_KEY');
    expect(server.requests).toHaveLength(0);
  });

  it('turns an unreachable server into a retryable NetworkError', async () => {
    const gone = await startModelServer();
    await gone.close();

    const failure = await failureOf(cast({ baseURL: gone.url }));

    expect(failure.type).toBe('NetworkError');
    expect(failure.nonRetryable).toBe(false);
  });

  it('fails at once with OutputTruncated when the answer hit the token limit, without re-asking', async () => {
    server.setDefault({
      content: '{"value": [1, 2, 3, 4, 5, 6, 7',
      finishReason: 'length',
      usage: { completion_tokens: 16 },
    });

    const failure = await failureOf(cast({ maxReasks: 2 }));

    expect(failure.type).toBe('OutputTruncated');
    expect(failure.nonRetryable).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(failure.message).toContain('output token limit (16 tokens)');
    expect(failure.message).toContain('Shorten the text');
    expect(failure.message).not.toContain('not valid JSON');
    expect(detailOf(failure)).toMatchObject({ rawOutput: '{"value": [1, 2, 3, 4, 5, 6, 7' });
  });

  it('says the server closed the connection when it drops it mid-request', async () => {
    server.script({ drop: true });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('NetworkError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toMatch(/^The model server closed the connection before it answered/);
  });

  it('on the last attempt, says so and what to do', async () => {
    env = new MockActivityEnvironment(
      { attempt: 5, retryPolicy: { maximumAttempts: 5 } },
      { logger: collectingLogger(logs) },
    );
    server.script({
      status: 502,
      text: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      contentType: 'text/html',
    });

    const failure = await failureOf(cast());

    expect(failure.message).toBe(
      'The model server failed with HTTP 502 (a text/html body starting "502 Bad Gateway"). ' +
        'That was the last of 5 attempts, and all of them failed. Check that the model server ' +
        'is healthy (its logs say more), then submit the cast again.',
    );
    expect(detailOf(failure).attempt).toBe(5);
  });

  it('redacts the configured key when the server echoes it', async () => {
    server.setDefault({
      status: 400,
      body: { error: { message: `Key ${apiKey} may not use response_format`, type: 'x' } },
    });

    const failure = await failureOf(cast());

    expect(failure.type).toBe('RequestRejected');
    expect(JSON.stringify([failure.message, failure.details, logs])).not.toContain(apiKey);
    expect(failure.message).toContain('Key [redacted] may not');
  });

  it('turns a request timeout into a retryable ModelTimeout and closes the request', async () => {
    server.script({ hang: true });

    const failure = await failureOf(cast({ timeoutMs: 300 }));

    expect(failure.type).toBe('ModelTimeout');
    expect(failure.nonRetryable).toBe(false);
    await server.waitForAbort(0);
  });

  it('aborts the HTTP request when the activity is cancelled', async () => {
    server.script({ hang: true });

    const running = cast();
    await server.waitForRequests(1);
    env.cancel();

    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    const aborted = await server.waitForAbort(0);
    expect(aborted.aborted).toBe(true);
  });

  it('heartbeats while waiting for the model', async () => {
    const beats: number[] = [];
    env.on('heartbeat', () => beats.push(Date.now()));
    server.script({ delayMs: 500, then: { answer: 42 } });

    const outcome = await cast();

    expect(outcome.value).toBe(42);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    const countAfter = beats.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(beats.length).toBe(countAfter);
  });
});
