import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { startStack, type RunningStack } from '../support/stack.js';
import { connectTestEnvironment } from '../support/temporal.js';
import { recordFigure, residentMb, sized } from './soak-figures.js';

// Hostile and broken input through the API and the page's form, against the app as npm start
// runs it: every one is a 4xx with a message that says what is wrong, nothing starts, and the
// process keeps serving with flat memory.

const maxDataChars = 1_000;
const rounds = sized(2, 30);
let model: ModelServer;
let stack: RunningStack;
let client: Client;
let env: TestWorkflowEnvironment;
const taskQueue = `soak-bad-input-${randomUUID()}`;

beforeAll(async () => {
  model = await startModelServer();
  model.setDefault({ answer: 1 });
  stack = await startStack(model, {
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_MODEL: `bad-input-${randomUUID()}`,
    CAST_MAX_DATA_CHARS: String(maxDataChars),
    TYPECAST_SUBMIT_RATE_PER_MINUTE: '0',
  });
  env = await connectTestEnvironment();
  client = env.client;
});

afterAll(async () => {
  await stack?.stop();
  await model?.close();
  await env?.teardown();
});

const nested = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const deepSchema = (depth: number): unknown =>
  Array.from({ length: depth }).reduce<unknown>(
    (inner) => ({ type: 'object', properties: { a: inner } }),
    { type: 'string' },
  );

type Send = () => Promise<Response>;
const api =
  (body: BodyInit, type: string | null = 'application/json'): Send =>
  () =>
    fetch(`${stack.url}/api/casts`, {
      method: 'POST',
      body,
      headers: type ? { 'Content-Type': type } : {},
    });
const json = (value: unknown) => api(JSON.stringify(value));
const cast = (overrides: Record<string, unknown>) =>
  json({ data: 'one, two', target: { type: 'number[]' }, ...overrides });
const form =
  (fields: Record<string, string> | string, headers: Record<string, string> = {}): Send =>
  () =>
    fetch(`${stack.url}/casts`, {
      method: 'POST',
      body: typeof fields === 'string' ? fields : new URLSearchParams(fields),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'same-origin',
        'HX-Request': 'true',
        'HX-Trigger': 'cast-form',
        ...headers,
      },
    });

/**
 * A body far over the limit, sent as curl sends it: the server answers 413 without reading it
 * and closes the connection, so the answer is read while the client is still writing (fetch
 * would report only the reset of its write).
 */
const oversized = (): Promise<Response> =>
  new Promise((resolve, reject) => {
    const body = Buffer.from(`{"data":"${'x'.repeat(8 * 1024 * 1024)}"}`);
    const req = httpRequest(`${stack.url}/api/casts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve(
          new Response(Buffer.concat(chunks), {
            status: res.statusCode,
            headers: { 'Content-Type': res.headers['content-type'] ?? '' },
          }),
        ),
      );
    });
    // The write fails once the server has answered and closed: expected, and not the answer.
    req.on('socket', (socket) => socket.on('error', () => undefined));
    req.on('error', (err) => setTimeout(() => reject(err), 1_000));
    req.end(body);
  });

const badInputs: [string, Send][] = [
  ['data over the limit', cast({ data: 'x'.repeat(maxDataChars + 1) })],
  ['a body of 8 MB', oversized],
  ['empty data', cast({ data: '' })],
  ['whitespace data', cast({ data: ' \n\t ' })],
  ['NUL bytes in the data', cast({ data: 'one\u0000two' })],
  ['a lone surrogate in the data', api('{"data":"one \\ud800 two","target":{"type":"number[]"}}')],
  [
    'invalid UTF-8',
    api(
      Buffer.concat([
        Buffer.from('{"data":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('","target":{"type":"number[]"}}'),
      ]),
    ),
  ],
  ['no target', json({ data: 'one' })],
  ['unknown preset', cast({ target: { preset: 'no-such-preset' } })],
  ['choice without labels', cast({ target: { preset: 'choice' } })],
  ['deeply nested schema', cast({ target: { schema: deepSchema(200) } })],
  [
    'recursive schema ($ref #)',
    cast({ target: { schema: { type: 'object', properties: { next: { $ref: '#' } } } } }),
  ],
  [
    'a cycle through $defs',
    cast({
      target: {
        schema: {
          $ref: '#/$defs/a',
          $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } },
        },
      },
    }),
  ],
  [
    'a huge enum',
    cast({ target: { schema: { enum: Array.from({ length: 8_000 }, (_, i) => `value-${i}`) } } }),
  ],
  [
    '__proto__ as a property',
    api(
      '{"data":"x","target":{"schema":{"type":"object","properties":{"__proto__":{"type":"string"}}}}}',
    ),
  ],
  [
    'constructor as a property',
    cast({
      target: { schema: { type: 'object', properties: { constructor: { type: 'string' } } } },
    }),
  ],
  ['__proto__ in a type expression', cast({ target: { type: '{ __proto__: string }' } })],
  [
    '__proto__ at the top of the body',
    api('{"data":"x","target":{"type":"number"},"__proto__":{"fresh":true}}'),
  ],
  [
    'a JSON bomb (nesting 100,000 deep)',
    api(`{"data":"x","target":{"schema":${nested(100_000, '1')}}}`),
  ],
  [
    'a type expression of 100,000 characters',
    cast({ target: { type: `${'string | '.repeat(10_000)}number`.slice(0, 100_000) } }),
  ],
  ['a type that does not parse', cast({ target: { type: 'number[' } })],
  ['a generic type', cast({ target: { type: 'Map<string, number>' } })],
  ['a backreference pattern', cast({ target: { schema: { type: 'string', pattern: '(a+)\\1' } } })],
  ['a JSON Schema of the wrong type', cast({ target: { schema: { type: 'banana' } } })],
  ['instructions too long', cast({ instructions: 'please '.repeat(500) })],
  ['an unknown field', cast({ priority: 'high' })],
  ['fresh as a string', cast({ fresh: 'yes' })],
  ['not JSON', api('{"data": "one",')],
  ['a JSON array', api('[1, 2, 3]')],
  ['text/plain', api('{"data":"one","target":{"type":"number"}}', 'text/plain')],
  ['no content type', api('{"data":"one","target":{"type":"number"}}', null)],
  ['wrong method', () => fetch(`${stack.url}/api/casts`, { method: 'PUT', body: '{}' })],
  ['form: empty data', form({ data: '', targetKind: 'type', type: 'number' })],
  ['form: data over the limit', form({ data: 'x'.repeat(maxDataChars + 1), preset: 'number' })],
  [
    'form: a schema that is not JSON',
    form({ data: 'one', targetKind: 'schema', schema: '{"type": ' }),
  ],
  ['form: invalid UTF-8 in an escape', form('data=%C3%28%FF&preset=number')],
  ['form: NUL in the type', form('data=one&targetKind=type&type=num%00ber')],
  [
    'form: a 100,000-character type',
    form({ data: 'one', targetKind: 'type', type: 'x'.repeat(100_000) }),
  ],
  [
    'form: from another site',
    form({ data: 'one', preset: 'number' }, { 'Sec-Fetch-Site': 'cross-site' }),
  ],
  ['form: JSON instead of a form', form('{"data":"one"}', { 'Content-Type': 'application/json' })],
];

/** What the person or program is told: the JSON error's message, or the page's messages. */
async function messageOf(res: Response): Promise<string> {
  const text = await res.text();
  if ((res.headers.get('Content-Type') ?? '').includes('json'))
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
  const messages = [...text.matchAll(/class="(?:field-)?error"[^>]*>([^<]+)</g)].map((m) => m[1]);
  return (
    messages.join(' ') ||
    text
      .replace(/<[^>]*>/g, ' ')
      .trim()
      .slice(0, 300)
  );
}

it(`answers ${badInputs.length} kinds of bad input with a 4xx and a message, starts nothing, stays up, memory flat`, async () => {
  expect(badInputs.length).toBeGreaterThanOrEqual(30);
  const rssStart = residentMb(stack.pid);
  const failures: string[] = [];
  let rssWarm = rssStart;
  for (let round = 0; round < rounds; round++) {
    for (const [name, send] of badInputs) {
      const res = await send();
      const message = await messageOf(res);
      if (res.status < 400 || res.status >= 500 || message.length < 15)
        failures.push(`${name}: ${res.status} ${JSON.stringify(message.slice(0, 200))}`);
    }
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
    if (round === 0) rssWarm = residentMb(stack.pid);
  }
  const rssEnd = residentMb(stack.pid);
  const { count } = await client.workflowService.countWorkflowExecutions({
    namespace: 'default',
    query: `TaskQueue = '${taskQueue}'`,
  });
  const started = Number(count ?? 0);
  // Still serving the real thing: a good cast is accepted.
  const good = await cast({ data: `one, two ${randomUUID()}` })();

  const requests = rounds * badInputs.length;
  recordFigure({
    name: 'bad-input',
    faults: requests,
    survived: requests - failures.length,
    lost: 0,
    detail: `${badInputs.length} kinds × ${rounds} rounds: ${requests - failures.length} answered 4xx with a message, ${started} runs started, still serving (${good.status}); RSS ${rssStart} MB at start, ${rssWarm} MB after round 1, ${rssEnd} MB after round ${rounds}`,
  });
  expect(failures).toEqual([]);
  expect(started).toBe(0);
  expect(good.status).toBe(202);
  // Flat: what a round leaves behind does not pile up (generous for the garbage collector).
  expect(rssEnd - rssWarm).toBeLessThan(150);
});
