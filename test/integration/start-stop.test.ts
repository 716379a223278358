import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { npmScriptCommand } from '../../scripts/bench/app/npm-script.js';
import { freePort } from '../../src/local/free-port.js';
import { eventually } from '../support/cast-fixtures.js';
import { gate, startModelServer, type ModelServer } from '../support/model-server.js';
import {
  groupMembers,
  killGroup,
  processesMentioning,
  spawnNpmStart,
  waitForExit,
  type GroupLeader,
} from '../support/process-group.js';
import { temporalCli } from '../support/temporal.js';
import { waitForOutput } from '../support/worker-process.js';

// `npm start` as a person runs it from a terminal, stopped the ways a terminal stops it.
const root = fileURLToPath(new URL('../..', import.meta.url));
let model: ModelServer;
let dataDir: string;
const started: GroupLeader[] = [];

beforeAll(async () => {
  model = await startModelServer();
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-stop-'));
});

afterEach(() => {
  for (const child of started.splice(0)) killGroup(child.pid, 'SIGKILL');
});

afterAll(async () => {
  await model?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function npmStart(ports: { web: number; temporal: number; ui: number }) {
  const child = spawnNpmStart({
    TYPECAST_DATA_DIR: dataDir,
    TEMPORAL_CLI: temporalCli(),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_DEV_UI_PORT: String(ports.ui),
    PORT: String(ports.web),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: `stop-test-${Date.now()}`,
    CAST_HEARTBEAT_TIMEOUT_SECONDS: '3',
    LOG_LEVEL: 'warn',
  });
  started.push(child);
  await waitForOutput(child, /typecast is running/, 90_000);
  return child;
}

/** Stopping may take the dev server a moment after npm returned, but nothing may stay. */
const nothingLeft = (child: GroupLeader) =>
  eventually(
    async () => [...groupMembers(child.pid), ...processesMentioning(dataDir)],
    (left) => left.length === 0,
    { timeoutMs: 20_000 },
  );

const freePorts = async () => ({
  web: await freePort(),
  temporal: await freePort(),
  ui: await freePort(),
});

async function submit(base: string, data: string): Promise<string> {
  const res = await fetch(`${base}/api/casts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, target: { type: 'number' } }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

it('npm start runs the app with the node flags and environment its package.json script sets', async () => {
  const child = await npmStart(await freePorts());
  const script = npmScriptCommand(root, 'start');
  expect(script.flags).toContain('--heap-growing-percent=10');
  // Through npm and sh, one node process of the group runs src/start.ts with both.
  const app = groupMembers(child.pid).find((line) => line.includes('src/start.ts'));
  const pid = app?.split(' ')[0];
  expect(pid, groupMembers(child.pid).join('\n')).toBeDefined();
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  expect(args.slice(1, 1 + script.flags.length)).toEqual(script.flags);
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  for (const [name, value] of Object.entries(script.env))
    expect(environ).toContain(`${name}=${value}`);
  killGroup(child.pid, 'SIGINT');
  await waitForExit(child);
  await nothingLeft(child);
});

it('Ctrl-C keeps the answers the model already gave: the dev server stops after the worker drained', async () => {
  const ports = await freePorts();
  const base = `http://127.0.0.1:${ports.web}`;
  const casts = 4;
  // The answers wait until Ctrl-C was sent: every cast is in flight when the signal comes.
  const ctrlC = gate();
  model.setDefault({ after: ctrlC.opened, then: { answer: 7 } });
  const first = await npmStart(ports);
  const ids: string[] = [];
  for (let i = 0; i < casts; i++) ids.push(await submit(base, `cast ${i} in flight at Ctrl-C`));
  await model.waitForRequests(casts, 30_000);

  // A terminal's Ctrl-C: SIGINT to every process of the foreground group at once.
  killGroup(first.pid, 'SIGINT');
  ctrlC.open();
  await waitForExit(first);
  await nothingLeft(first);

  const second = await npmStart(ports);
  for (const id of ids) {
    const view = await eventually(
      async () =>
        (await (await fetch(`${base}/api/casts/${id}`)).json()) as {
          phase: string;
          result?: unknown;
        },
      (v) => v.phase === 'completed' || v.phase === 'failed',
    );
    expect(view).toMatchObject({ phase: 'completed', result: 7 });
  }
  // Every answer given before Ctrl-C was recorded: none of the casts asked the model again.
  expect(model.requests).toHaveLength(casts);
  killGroup(second.pid, 'SIGINT');
  await waitForExit(second);
  expect(processesMentioning(dataDir)).toEqual([]);
  // Two boots of npm start (each may take 90 s on a loaded machine), two stops, the reads.
}, 360_000);

it('SIGTERM to the npm process stops everything it started, leaving no process behind', async () => {
  const ports = await freePorts();
  const child = await npmStart(ports);
  expect(groupMembers(child.pid).length).toBeGreaterThan(0);

  // A process manager stops the process it started, not its group.
  child.kill('SIGTERM');
  await waitForExit(child);
  await nothingLeft(child);
  await expect(fetch(`http://127.0.0.1:${ports.web}/health`)).rejects.toThrow();
}, 200_000);
