import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/local/free-port.js';
import { eventually } from '../support/cast-fixtures.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { waitForExit } from '../support/process-group.js';
import { temporalCli } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

// npm start on a fresh checkout: it makes a key once, keeps using it, and refuses to start
// (rather than make another) when its runs need a key that has gone missing.

let model: ModelServer;
let dataDir: string;

beforeAll(async () => {
  model = await startModelServer();
  model.setDefault({ answer: [4, 5] });
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-local-key-'));
});

afterAll(async () => {
  await model?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function npmStart(ports: { web: number; temporal: number; ui: number }) {
  return spawnEntry('src/start.ts', {
    TYPECAST_DATA_DIR: dataDir,
    // Blank is unset: the key comes from the data folder, as on a person's first start.
    TYPECAST_ENCRYPTION_KEYS: '',
    TEMPORAL_CLI: temporalCli(),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_DEV_UI_PORT: String(ports.ui),
    PORT: String(ports.web),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: 'local-key-model',
    LOG_LEVEL: 'info',
  });
}

it('generates a key once (0600), reuses it, and refuses to start when it is gone', async () => {
  const ports = { web: await freePort(), temporal: await freePort(), ui: await freePort() };
  const base = `http://127.0.0.1:${ports.web}`;
  const keyFile = join(dataDir, 'encryption-keys');
  const readView = async (id: string) =>
    (await (await fetch(`${base}/api/casts/${id}`)).json()) as { phase: string; result?: unknown };

  const first = npmStart(ports);
  let id: string;
  let key: string;
  try {
    await waitForOutput(first, /typecast is running/, 90_000);
    expect(first.output()).toContain(`generated an encryption key in ${keyFile}`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    key = await readFile(keyFile, 'utf8');
    expect(first.output()).not.toContain(key.trim().split(':')[1]!);

    // The dev server's Web UI decodes through the web app's codec endpoint.
    const settings = (await (
      await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)
    ).json()) as {
      Codec: { Endpoint: string };
    };
    expect(settings.Codec.Endpoint).toBe(`http://localhost:${ports.web}/codec`);

    const created = await fetch(`${base}/api/casts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: 'four and five', target: { type: 'number[]' } }),
    });
    ({ id } = (await created.json()) as { id: string });
    expect(
      (
        await eventually(
          () => readView(id),
          (v) => v.phase === 'completed',
        )
      ).result,
    ).toEqual([4, 5]);
  } finally {
    await stopProcess(first, 'SIGINT');
  }

  const second = npmStart(ports);
  try {
    await waitForOutput(second, /typecast is running/, 90_000);
    expect(second.output()).not.toContain('generated an encryption key');
    expect(second.output()).toContain(`(1 key from ${keyFile})`);
    expect(await readFile(keyFile, 'utf8')).toBe(key);
    expect(await readView(id)).toMatchObject({ phase: 'completed', result: [4, 5] });
  } finally {
    await stopProcess(second, 'SIGINT');
  }

  // The key file is lost: npm start says which key the runs need and starts nothing.
  await rename(keyFile, `${keyFile}.moved`);
  const third = npmStart(ports);
  expect(await waitForExit(third, 90_000), third.output()).toBe('1');
  const keyId = key.split(':')[0]!;
  expect(third.output()).toContain(`were encrypted with the key "${keyId}"`);
  expect(third.output()).toContain(keyFile);
  await expect(stat(keyFile)).rejects.toThrow(/ENOENT/);

  // Put back, everything reads again.
  await rename(`${keyFile}.moved`, keyFile);
  const fourth = npmStart(ports);
  try {
    await waitForOutput(fourth, /typecast is running/, 90_000);
    expect(await readView(id)).toMatchObject({ phase: 'completed', result: [4, 5] });
  } finally {
    await stopProcess(fourth, 'SIGINT');
  }
});
