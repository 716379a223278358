import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import OpenAI, { APIError, APIUserAbortError, BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSchemaRejection } from '../../src/activities/classify-error.js';
import { findModelFile } from '../../src/local-model/model-file.js';
import { localModelId } from '../../src/local-model/model-id.js';
import { startModelServer, type RunningModelServer } from '../../src/local-model/serve.js';
import { createLogger } from '../../src/logger.js';

// The real SmolLM2 behind the real endpoint, loaded once for this file, asked through the
// real `openai` client. Decoding is greedy (no temperature sent), so answers are repeatable.

const maxTokensCap = 400;
let server: RunningModelServer;
let openai: OpenAI;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const path = await findModelFile({
    explicitPath: process.env.TYPECAST_LOCAL_MODEL_PATH,
    repoRoot,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = await startModelServer({
    host: '127.0.0.1',
    port: 0,
    modelId: localModelId,
    maxTokensCap,
    load: { path, contextSize: 2048, threads: 1 },
    logger: createLogger('info', sink),
  });
  await server.ready;
  openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'no-key', maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
});

const system = {
  role: 'system' as const,
  content: 'Answer with JSON only: an object {"value": …} holding what the user asks for.',
};

function askJson(question: string, schema: Record<string, unknown>, maxTokens = 80) {
  return openai.chat.completions.create({
    model: localModelId,
    messages: [system, { role: 'user', content: question }],
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'cast',
        strict: true,
        schema: {
          type: 'object',
          properties: { value: schema },
          required: ['value'],
          additionalProperties: false,
        },
      },
    },
    max_tokens: maxTokens,
  });
}

async function health() {
  return (await (await fetch(`${server.url}/health`)).json()) as {
    status: string;
    running: number;
    waiting: number;
    completed: number;
    aborted: number;
  };
}

describe('the local model endpoint', () => {
  it('answers several schemas at once, each with JSON the grammar holds to the schema', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['How many legs does a spider have?', { type: 'number' }],
      [
        'Is "This feature is terrible!" Positive or Negative?',
        { type: 'string', enum: ['Positive', 'Negative'] },
      ],
      [
        'Alice is 30 and has the tags admin and dev.',
        {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 20 },
            age: { type: ['integer', 'null'] },
            tags: { type: 'array', items: { type: 'string', maxLength: 12 }, maxItems: 3 },
            address: {
              type: 'object',
              properties: { city: { type: 'string', maxLength: 20 } },
              required: ['city'],
              additionalProperties: false,
            },
          },
          required: ['name', 'age', 'tags', 'address'],
          additionalProperties: false,
        },
      ],
      ['one, TWO, three', { type: 'array', items: { type: 'number' }, maxItems: 5 }],
    ];
    const completions = await Promise.all(
      cases.map(([question, schema]) => askJson(question, schema, 120)),
    );

    const ajv = new Ajv2020({ strict: false });
    completions.forEach((completion, i) => {
      const [, schema] = cases[i]!;
      const choice = completion.choices[0]!;
      expect(choice.finish_reason, choice.message.content ?? '').toBe('stop');
      const answer = JSON.parse(choice.message.content ?? '') as { value: unknown };
      expect(ajv.validate(schema, answer.value), JSON.stringify(answer)).toBe(true);
      expect(completion.model).toBe(localModelId);
    });
    expect((await health()).completed).toBeGreaterThanOrEqual(cases.length);
  });

  it('answers json_object with JSON and counts the tokens it used', async () => {
    const completion = await openai.chat.completions.create({
      model: localModelId,
      messages: [
        { role: 'system', content: 'Reply with a JSON object.' },
        { role: 'user', content: 'Give the city "Paris" under the key "city".' },
      ],
      response_format: { type: 'json_object' },
      max_tokens: 60,
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect(typeof JSON.parse(choice.message.content ?? '')).toBe('object');

    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(10);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it('stops at max_tokens with finish_reason "length", and counts a longer prompt as longer', async () => {
    const ask = (content: string) =>
      openai.chat.completions.create({
        model: localModelId,
        messages: [{ role: 'user', content }],
        max_completion_tokens: 5,
      });
    const short = await ask('Write a long story about a cat.');
    const long = await ask('Write a long story about a cat who lives in a lighthouse by the sea.');

    expect(short.choices[0]?.finish_reason).toBe('length');
    expect(short.usage?.completion_tokens).toBe(5);
    expect(long.usage!.prompt_tokens).toBeGreaterThan(short.usage!.prompt_tokens);
  });

  it('answers an unknown model with 404 and bad bodies with 400, in OpenAI’s error shape', async () => {
    const unknown = await openai.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((err: unknown) => err);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });

    const noMessages = await openai.chat.completions
      .create({ model: localModelId, messages: [] })
      .catch((err: unknown) => err);
    expect(noMessages).toBeInstanceOf(BadRequestError);
    expect(noMessages).toMatchObject({
      status: 400,
      param: 'messages',
      type: 'invalid_request_error',
    });

    const unsupported = await askJson('x', { type: 'string', not: { const: 'y' } }).catch(
      (err: unknown) => err,
    );
    expect(unsupported).toBeInstanceOf(BadRequestError);
    expect(unsupported).toMatchObject({ param: 'response_format.json_schema.schema' });
    // The activity reads this as "strict mode is not available" and falls back to JSON mode.
    expect(isSchemaRejection(unsupported)).toBe(true);

    for (const [body, param] of [
      ['{"model": "smollm2-135m", "messages": [', null],
      [
        JSON.stringify({
          model: localModelId,
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
        }),
        'stream',
      ],
      [
        JSON.stringify({ model: localModelId, messages: [{ role: 'tool', content: 'x' }] }),
        'messages.0.role',
      ],
      [
        JSON.stringify({
          model: localModelId,
          messages: [{ role: 'user', content: 'x' }],
          max_tokens: -1,
        }),
        'max_tokens',
      ],
    ] as const) {
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, body).toBe(400);
      const { error } = (await res.json()) as { error: Record<string, unknown> };
      expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
      expect(error).toMatchObject({ type: 'invalid_request_error', param });
      expect(error.message).toEqual(expect.any(String));
    }

    const tooLong = await openai.chat.completions
      .create({ model: localModelId, messages: [{ role: 'user', content: 'word '.repeat(3000) }] })
      .catch((err: unknown) => err);
    expect(tooLong).toBeInstanceOf(BadRequestError);
    expect(tooLong).toMatchObject({ code: 'context_length_exceeded', param: 'messages' });

    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual([localModelId]);
  });

  it('stops generating for a client that went away, and the next request runs at once', async () => {
    const long = new AbortController();
    const waiting = new AbortController();
    const story = openai.chat.completions
      .create(
        {
          model: localModelId,
          messages: [{ role: 'user', content: 'Write a very long story about a dragon.' }],
          max_tokens: maxTokensCap,
        },
        { signal: long.signal },
      )
      .catch((err: unknown) => err);
    await expect.poll(async () => (await health()).running).toBe(1);
    const queuedSecond = openai.chat.completions
      .create(
        {
          model: localModelId,
          messages: [{ role: 'user', content: 'Say hi.' }],
          max_tokens: 3,
        },
        { signal: waiting.signal },
      )
      .catch((err: unknown) => err);
    const next = askJson('one, two', { type: 'array', items: { type: 'number' }, maxItems: 2 }, 30);
    await expect.poll(async () => (await health()).waiting).toBe(2);
    const before = await health();

    waiting.abort();
    long.abort();

    expect(await story).toBeInstanceOf(APIUserAbortError);
    expect(await queuedSecond).toBeInstanceOf(APIUserAbortError);
    expect((await next).choices[0]?.finish_reason).toBe('stop');
    // The long request left after a few tokens instead of its 400; the one aborted while
    // waiting never generated at all.
    const stopped = logLines.filter(
      (line) => line.msg === 'generation stopped: the client went away',
    );
    expect(stopped).toHaveLength(1);
    expect(stopped[0]?.completionTokens).toBeLessThan(maxTokensCap);
    const after = await health();
    expect(after).toMatchObject({ running: 0, waiting: 0 });
    expect(after.aborted - before.aborted).toBe(2);
    expect(after.completed - before.completed).toBe(1);
  });

  // Last: it stops the server.
  it('on shutdown answers what is in flight with 503, stops accepting, and frees the model', async () => {
    const inFlight = openai.chat.completions
      .create({
        model: localModelId,
        messages: [{ role: 'user', content: 'Write a very long story about a whale.' }],
        max_tokens: maxTokensCap,
      })
      .catch((err: unknown) => err);
    await expect.poll(async () => (await health()).running).toBe(1);

    await server.close();

    const answer = await inFlight;
    expect(answer).toBeInstanceOf(APIError);
    expect(answer).toMatchObject({ status: 503, code: 'shutting_down' });
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});
