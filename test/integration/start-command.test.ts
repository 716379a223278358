import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/local/free-port.js';
import { eventually } from '../support/cast-fixtures.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { temporalCli } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

let model: ModelServer;
let dataDir: string;

beforeAll(async () => {
  model = await startModelServer();
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-start-'));
});

afterAll(async () => {
  await model?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Processes whose command line mentions our data folder: the dev server we started. */
function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('ps -eo'));
}

async function startAll(ports: { web: number; temporal: number; ui: number }) {
  const child = spawnEntry('src/start.ts', {
    TYPECAST_DATA_DIR: dataDir,
    TEMPORAL_CLI: temporalCli(),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_DEV_UI_PORT: String(ports.ui),
    PORT: String(ports.web),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: 'start-test-model',
    LOG_LEVEL: 'warn',
  });
  await waitForOutput(child, /typecast is running/, 90_000);
  return child;
}

it('npm start runs Temporal, a worker and the web; Ctrl-C stops all; a restart keeps the runs', async () => {
  const ports = { web: await freePort(), temporal: await freePort(), ui: await freePort() };
  const base = `http://127.0.0.1:${ports.web}`;
  model.script({ answer: [1, 2, 3] });

  const first = await startAll(ports);
  let id: string;
  try {
    expect(first.output()).toContain(`Temporal UI:  http://localhost:${ports.ui}`);
    expect(first.output()).toContain(join(dataDir, 'temporal.db'));
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);

    const created = await fetch(`${base}/api/casts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: 'one, TWO, three', target: { type: 'number[]' } }),
    });
    expect(created.status).toBe(202);
    ({ id } = (await created.json()) as { id: string });
    const done = await eventually(
      async () =>
        (await (await fetch(`${base}/api/casts/${id}`)).json()) as {
          phase: string;
          result?: unknown;
        },
      (view) => view.phase === 'completed',
    );
    expect(done.result).toEqual([1, 2, 3]);
  } finally {
    await stopProcess(first, 'SIGINT');
  }
  expect(first.exitCode ?? first.signalCode).toBe(0);
  expect(processesUsing(dataDir)).toEqual([]);
  await expect(fetch(`${base}/health`)).rejects.toThrow();

  const second = await startAll(ports);
  try {
    const list = (await (await fetch(`${base}/api/casts`)).json()) as { casts: { id: string }[] };
    expect(list.casts.map((c) => c.id)).toContain(id);
  } finally {
    await stopProcess(second, 'SIGINT');
  }
  expect(processesUsing(dataDir)).toEqual([]);
  expect(model.requests).toHaveLength(1);
  // Two boots of npm start (each may take 90 s on a loaded machine) and two stops.
}, 300_000);
