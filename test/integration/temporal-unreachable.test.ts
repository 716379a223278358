import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/local/dev-server.js';
import { freePort } from '../../src/local/free-port.js';
import { randomTaskQueue, temporalCli } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

// The web process against a Temporal server that goes away: it must answer at once and say
// what to do, not hang on the client's retries. Its own dev server: the test kills it.
let dataDir: string;
let temporalPort: number;
let temporal: DevServer | undefined;
let web: ReturnType<typeof spawnEntry>;
let base: string;

const startTemporal = async () => {
  temporal = await startDevServer({
    cli: temporalCli(),
    port: temporalPort,
    dbFile: join(dataDir, 'temporal.db'),
  });
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-unreachable-'));
  temporalPort = await freePort();
  await startTemporal();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  web = spawnEntry('src/web.ts', {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: randomTaskQueue('unreachable'),
    OPENAI_API_KEY: 'test-key',
    PORT: String(port),
    LOG_LEVEL: 'info',
  });
  await waitForOutput(web, /"msg":"web started"/);
});

afterAll(async () => {
  if (web) await stopProcess(web);
  await temporal?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Well under the ~20 s the client's default retries take, with room for a loaded machine. */
const failsFastMs = 10_000;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

const submit = (data: string) =>
  fetch(`${base}/api/casts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, target: { type: 'number' } }),
  });

it('answers 503 at once while Temporal is away, saying which setting to check, and recovers', async () => {
  const before = await submit('a cast before the outage');
  expect(before.status).toBe(202);
  const { id } = (await before.json()) as { id: string };

  await temporal?.stop();

  const api = await timed(() => submit('a cast during the outage'));
  expect(api.value.status).toBe(503);
  expect(api.ms).toBeLessThan(failsFastMs);
  const body = (await api.value.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('TemporalUnavailable');
  expect(body.error.message).toContain(`127.0.0.1:${temporalPort}`);
  expect(body.error.message).toContain('TEMPORAL_ADDRESS');

  // The form's post says the same, in the form's status line.
  const form = await fetch(`${base}/casts`, {
    method: 'POST',
    headers: { 'HX-Request': 'true', 'HX-Trigger': 'cast-form' },
    body: new URLSearchParams({
      data: 'a form post during the outage',
      targetKind: 'preset',
      preset: 'number',
    }),
  });
  expect(form.status).toBe(503);
  expect(form.headers.get('HX-Retarget')).toBe('#form-status');
  expect(form.headers.get('HX-Reswap')).toBe('innerHTML');
  expect(await form.text()).toMatch(
    new RegExp(`^<span class="error">[^<]*127\\.0\\.0\\.1:${temporalPort}[^<]*TEMPORAL_ADDRESS`),
  );

  const page = await timed(() => fetch(base));
  expect(page.value.status).toBe(200);
  expect(page.ms).toBeLessThan(failsFastMs);
  expect(await page.value.text()).toContain('Temporal is unreachable');

  const card = await timed(() => fetch(`${base}/casts/${id}`));
  expect(card.value.status).toBe(503);
  expect(card.ms).toBeLessThan(failsFastMs);

  const health = await timed(() => fetch(`${base}/health`));
  expect(health.value.status).toBe(503);
  expect(health.ms).toBeLessThan(failsFastMs);
  expect(await health.value.json()).toMatchObject({
    status: 'unavailable',
    temporal: 'unavailable',
    message: expect.stringContaining('TEMPORAL_ADDRESS') as unknown,
  });

  // Back on the same port and state file: the same process answers again.
  await startTemporal();
  await expect
    .poll(async () => (await fetch(`${base}/health`)).status, { timeout: 30_000 })
    .toBe(200);
  const after = await fetch(`${base}/api/casts/${id}`);
  expect(after.status).toBe(200);
  expect((await submit('a cast after the outage')).status).toBe(202);
});
