import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { freePort } from '../../src/local/free-port.js';
import { processesMentioning, waitForExit } from '../support/process-group.js';
import { temporalAddress, temporalCli } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';

// `npm start` watches over what it starts: it refuses ports it cannot have, and stops with
// one clear line when its dev server dies.
// A data folder per test: what one test leaves running cannot be counted by the next.
let dataDir: string;
const dataDirs: string[] = [];
const children: ReturnType<typeof spawnEntry>[] = [];
const blockers: Server[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'typecast-supervise-'));
  dataDirs.push(dataDir);
});

afterEach(async () => {
  for (const child of children.splice(0)) await stopProcess(child, 'SIGKILL');
  for (const server of blockers.splice(0)) server.close();
  // A killed npm start leaves its dev server behind: end it by its pid.
  for (const line of processesMentioning(dataDir)) {
    try {
      process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

afterAll(async () => {
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const freePorts = async () => ({
  web: await freePort(),
  temporal: await freePort(),
  ui: await freePort(),
});

function start(ports: { web: number; temporal: number; ui: number }) {
  const child = spawnEntry('src/start.ts', {
    TYPECAST_DATA_DIR: dataDir,
    TEMPORAL_CLI: temporalCli(),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_DEV_UI_PORT: String(ports.ui),
    PORT: String(ports.web),
    OPENAI_API_KEY: 'test-key',
    LOG_LEVEL: 'warn',
  });
  children.push(child);
  return child;
}

/** Something else listening on a port, as another program would. */
async function occupy(port: number): Promise<void> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

async function expectRefused(
  child: ReturnType<typeof start>,
  ports: { web: number },
  message: string,
) {
  expect(await waitForExit(child)).toBe('1');
  expect(child.output()).toContain(message);
  expect(child.output()).not.toContain('typecast is running');
  expect(processesMentioning(dataDir)).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${ports.web}/health`)).rejects.toThrow();
}

it('refuses to start when another Temporal server holds its port, instead of joining it', async () => {
  const ports = { ...(await freePorts()), temporal: Number(temporalAddress().split(':').pop()) };
  await expectRefused(
    start(ports),
    ports,
    `port ${ports.temporal} is in use — stop the other server or set TEMPORAL_DEV_PORT / TEMPORAL_ADDRESS`,
  );
});

it('refuses to start when the UI port or the web port is taken', async () => {
  const ui = await freePorts();
  await occupy(ui.ui);
  await expectRefused(
    start(ui),
    ui,
    `port ${ui.ui} is in use — stop the other server or set TEMPORAL_DEV_UI_PORT`,
  );

  const web = await freePorts();
  await occupy(web.web);
  const child = start(web);
  expect(await waitForExit(child)).toBe('1');
  expect(child.output()).toContain(`port ${web.web} is in use — stop the other server or set PORT`);
  expect(processesMentioning(dataDir)).toEqual([]);
});

it('says in one JSON line that its dev server died, and exits', async () => {
  const child = start(await freePorts());
  await waitForOutput(child, /typecast is running/, 90_000);
  const [devServer] = processesMentioning(dataDir);
  expect(devServer).toBeDefined();
  process.kill(Number(devServer!.trim().split(/\s+/)[0]), 'SIGKILL');

  expect(await waitForExit(child, 30_000)).toBe('1');
  const lines = logLines(child.output());
  const death = lines.find((line) => /Temporal dev server/.test(String(line.msg)));
  expect(death).toMatchObject({
    level: 60,
    msg: expect.stringMatching(
      /the Temporal dev server was killed by SIGKILL.*run npm start again/,
    ) as unknown,
  });
}, 150_000);

it('a dev server that hangs: the API answers 503 within seconds, naming TEMPORAL_DEV_PORT', async () => {
  const ports = await freePorts();
  const child = start(ports);
  await waitForOutput(child, /typecast is running/, 90_000);
  const devServer = Number(processesMentioning(dataDir)[0]!.trim().split(/\s+/)[0]);
  process.kill(devServer, 'SIGSTOP');
  try {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${ports.web}/api/casts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: 'a cast for a frozen server', target: { type: 'number' } }),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toContain(`127.0.0.1:${ports.temporal}`);
    expect(error.message).toContain('TEMPORAL_DEV_PORT');
  } finally {
    process.kill(devServer, 'SIGCONT');
  }
  await expect
    .poll(async () => (await fetch(`http://127.0.0.1:${ports.web}/health`)).status, {
      timeout: 30_000,
    })
    .toBe(200);
  await stopProcess(child, 'SIGINT');
  expect(child.exitCode).toBe(0);
  expect(processesMentioning(dataDir)).toEqual([]);
}, 200_000);

/** Every line after the banner, parsed: each must be one JSON object. */
function logLines(output: string): Record<string, unknown>[] {
  const afterBanner = output.split('Press Ctrl-C to stop.').pop() ?? '';
  return afterBanner
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}
