import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { readCast } from '../../src/client/read-cast.js';
import { startCast } from '../../src/client/start-cast.js';
import type { CastActivityOptions } from '../../src/shared.js';
import { eventually, numberListRequest } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { castPromptOf, type ModelStep } from '../support/model-server.js';
import { withModelWorker } from '../support/model-worker.js';
import { randomTaskQueue } from '../support/temporal.js';
import { recordFigure, sized } from './soak-figures.js';

// Every way a model server fails, at once, through real runs: each is classified with its
// stable type, within the retry policy's attempts and a time bound.

const activity: CastActivityOptions = {
  startToCloseTimeoutMs: 6_000,
  heartbeatTimeoutMs: 3_000,
  maximumAttempts: 3,
  initialIntervalMs: 200,
  maximumIntervalMs: 1_000,
  backoffCoefficient: 2,
};
const maxReasks = 1;
/** Three attempts, each at most the client timeout and its re-ask, plus backoff and Retry-After. */
const boundSeconds = 45;

const openAiError = (status: number, code: string | null, message: string) => ({
  status,
  body: { error: { message, type: 'invalid_request_error', code } },
});

const faults: { name: string; step: ModelStep; type: string; retried: boolean }[] = [
  {
    name: '401',
    step: openAiError(401, 'invalid_api_key', 'Incorrect API key'),
    type: 'BadCredentials',
    retried: false,
  },
  {
    name: '403',
    step: openAiError(403, null, 'Forbidden'),
    type: 'BadCredentials',
    retried: false,
  },
  {
    name: 'unknown model',
    step: openAiError(404, 'model_not_found', 'The model does not exist'),
    type: 'RequestRejected',
    retried: false,
  },
  {
    name: '429 with Retry-After',
    step: {
      ...openAiError(429, 'rate_limit_exceeded', 'Slow down'),
      headers: { 'retry-after': '1' },
    },
    type: 'RateLimited',
    retried: true,
  },
  {
    name: '429 without Retry-After',
    step: openAiError(429, 'rate_limit_exceeded', 'Slow down'),
    type: 'RateLimited',
    retried: true,
  },
  { name: '500', step: { status: 500 }, type: 'ModelServerError', retried: true },
  {
    name: '502',
    step: { status: 502, text: '<html>Bad Gateway</html>', contentType: 'text/html' },
    type: 'ModelServerError',
    retried: true,
  },
  { name: '503', step: { status: 503 }, type: 'ModelServerError', retried: true },
  { name: 'connection reset', step: { drop: true }, type: 'NetworkError', retried: true },
  { name: 'hang past the timeout', step: { hang: true }, type: 'ModelTimeout', retried: true },
  {
    name: 'invalid JSON',
    step: { content: '{"value": [1, 2,' },
    type: 'ValidationFailed',
    retried: false,
  },
  {
    name: 'truncated output',
    step: { content: '{"value": [1, 2, 3', finishReason: 'length' },
    type: 'OutputTruncated',
    retried: false,
  },
  {
    name: 'refusal',
    step: { refusal: 'I cannot help with that.' },
    type: 'ModelRefused',
    retried: false,
  },
  {
    name: 'content filter',
    step: { content: '', finishReason: 'content_filter' },
    type: 'ModelRefused',
    retried: false,
  },
  {
    name: 'no choices',
    step: {
      status: 200,
      body: { id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [] },
    },
    type: 'ModelServerError',
    retried: true,
  },
];
const rounds = sized(1, 4);

it(`classifies ${faults.length} kinds of model failure (${rounds} round${rounds > 1 ? 's' : ''}), bounded in attempts and time`, async ({
  model,
  env,
  client,
}) => {
  const taskQueue = randomTaskQueue('soak-faults');
  const cases = Array.from({ length: rounds }, (_, round) =>
    faults.map((fault) => ({ ...fault, text: `fault ${fault.name} #${round} ${randomUUID()}` })),
  ).flat();
  model.respondWith((body) => {
    const prompt = castPromptOf(body);
    return cases.find((c) => prompt.includes(c.text))?.step ?? { status: 400 };
  });

  const outcomes = await withModelWorker(
    env,
    model,
    taskQueue,
    () =>
      Promise.all(
        cases.map(async (c) => {
          const began = Date.now();
          const { id } = await startCast(
            { client, taskQueue, activity },
            numberListRequest({ text: c.text }),
          );
          const view = await eventually(
            () => readCast(client, id, { taskQueue }),
            (v) => v.done,
            { timeoutMs: 120_000, intervalMs: 250 },
          );
          const calls = model.requests.filter((r) => r.rawBody.includes(c.text)).length;
          return { ...c, view, calls, seconds: (Date.now() - began) / 1000 };
        }),
      ),
    { maxReasks, timeoutMs: 1_500 },
  );

  const held = (o: (typeof outcomes)[number]) => {
    const attempts = o.view.error?.attempt ?? o.view.attempt;
    return (
      o.view.phase === 'failed' &&
      o.view.error?.type === o.type &&
      attempts === (o.retried ? activity.maximumAttempts : 1) &&
      o.calls <= activity.maximumAttempts * (maxReasks + 1) &&
      o.seconds <= boundSeconds
    );
  };
  const line = (o: (typeof outcomes)[number]) =>
    `${o.name} → ${o.view.error?.type ?? o.view.phase} (${o.view.error?.attempt ?? o.view.attempt} attempt(s), ${o.calls} call(s), ${o.seconds.toFixed(1)} s)`;
  recordFigure({
    name: 'model-faults',
    faults: outcomes.length,
    survived: outcomes.filter(held).length,
    lost: outcomes.filter((o) => !o.view.done).length,
    detail: outcomes.slice(0, faults.length).map(line).join('; '),
  });
  for (const o of outcomes) expect(held(o), line(o)).toBe(true);
});
