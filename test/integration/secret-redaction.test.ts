import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { castViewSchema } from '../../src/web/api-schemas.js';
import { createApp } from '../../src/web/app.js';
import { eventually } from '../support/cast-fixtures.js';
import { castTest as it } from '../support/fixtures.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';
import { gate } from '../support/model-server.js';
import { postJson } from '../web/web-harness.js';
import { decodedText, storedText } from '../support/stored-text.js';
import { testWebDeps } from '../support/web-deps.js';

// The shape of a Groq key: no pattern for OpenAI keys matches it, so only its value can hide it.
const key = 'gsk_probeSECRET123xyz';
const secretPart = 'probeSECRET';

it('keeps a key the model server echoes out of the history, the API, the card and the logs', async ({
  model,
  client,
}) => {
  const taskQueue = randomTaskQueue('secret');
  const modelName = `secret-model-${randomUUID()}`;
  // The second attempt is held until the card was read retrying: no window to catch.
  const secondAttempt = gate();
  model.respondWith((body) =>
    body.model !== modelName
      ? { status: 400, body: { error: { message: 'not this test' } } }
      : model.requests.filter((r) => r.body?.model === modelName).length === 1
        ? {
            status: 500,
            body: { error: { message: `upstream said: Authorization: Bearer ${key} refused` } },
            headers: { 'retry-after': '2' },
          }
        : {
            after: secondAttempt.opened,
            then: {
              status: 400,
              body: { error: { message: `Invalid API key ${key} for this model` } },
            },
          },
  );
  const app = createApp(testWebDeps(client, { taskQueue, model: modelName }));
  const worker = spawnEntry('src/worker.ts', {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_API_KEY: key,
    OPENAI_BASE_URL: model.url,
    LOG_LEVEL: 'debug',
  });
  try {
    await waitForOutput(worker, /worker started/);
    const res = await postJson(app, '/api/casts', {
      data: 'Forty-two',
      target: { preset: 'number' },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const cardOf = async () =>
      (await app.request(`/casts/${id}`, { headers: { 'HX-Request': 'true' } })).text();

    // While the retry waits, the last failure is shown: redacted.
    const retrying = await eventually(cardOf, (html) => html.includes('Retrying —'));
    expect(retrying).toContain('Authorization: Bearer [redacted] refused');
    secondAttempt.open();

    const view = await eventually(
      async () => castViewSchema.parse(await (await app.request(`/api/casts/${id}`)).json()),
      (v) => v.done,
    );
    expect(view.error?.type).toBe('RequestRejected');
    expect(view.error?.message).toContain('Invalid API key [redacted] for this model');
    const finalCard = await cardOf();
    const history = await client.workflow.getHandle(id).fetchHistory();

    const seen = {
      api: JSON.stringify(view),
      retryingCard: retrying,
      finalCard,
      // Decrypted: what anyone with the keys (or the codec endpoint) reads.
      history: await decodedText(history),
      storedHistory: await storedText(history),
      workerLog: worker.output(),
    };
    for (const [where, text] of Object.entries(seen)) {
      expect(text, where).not.toContain(secretPart);
    }
    // The history does hold both failures, so the check above looked at them.
    expect(seen.history).toContain('Invalid API key [redacted]');
    expect(seen.history).toContain('Bearer [redacted] refused');
    expect(seen.workerLog).toContain('Activity failed');
  } finally {
    secondAttempt.open();
    await stopProcess(worker);
  }
});
