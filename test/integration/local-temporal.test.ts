import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/local/dev-server.js';
import { freePort } from '../../src/local/free-port.js';
import { startLocalTemporal, type LocalTemporal } from '../../src/local/local-temporal.js';
import { processesMentioning } from '../support/process-group.js';
import { temporalCli } from '../support/temporal.js';

const execFileAsync = promisify(execFile);
const dataDir = await mkdtemp(join(tmpdir(), 'typecast-local-temporal-'));
const started: LocalTemporal[] = [];
afterAll(async () => {
  await Promise.all(started.map((temporal) => temporal.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<LocalTemporal> {
  const temporal = await startLocalTemporal({
    dataDir,
    temporalCli: temporalCli(),
    devPort: await freePort(),
    devUiPort: await freePort(),
    useDevServer: true,
  });
  started.push(temporal);
  return temporal;
}

async function withClient<T>(address: string, use: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await use(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

it("npm start's dev server keeps a write-ahead log, and a killed server loses no run", async () => {
  const first = await start();
  expect(existsSync(`${first.dbFile}-wal`)).toBe(true);
  const workflowId = `survives-a-crash-${Date.now()}`;
  // No worker: the run only has to be recorded.
  await withClient(first.address, (client) =>
    client.workflow.start('noWorkerRunsThis', { taskQueue: 'nobody-polls', workflowId }),
  );

  // A crash, not a stop: nothing gets to checkpoint or close the file.
  const pids = processesMentioning(dataDir).map((line) => Number(line.trim().split(/\s+/)[0]));
  expect(pids.length).toBeGreaterThan(0);
  pids.forEach((pid) => process.kill(pid, 'SIGKILL'));
  await first.stop();
  expect(existsSync(`${first.dbFile}-wal`)).toBe(true);

  const second = await start();
  const status = await withClient(second.address, async (client) => {
    const described = await client.workflow.getHandle(workflowId).describe();
    return described.status.name;
  });
  expect(status).toBe('RUNNING');
});

it("npm start's dev server keeps each task queue in one partition", async () => {
  const temporal = await start();
  const taskQueue = `one-partition-${Date.now()}`;
  // A start writes the run's first workflow task to the queue, which loads its partitions.
  await withClient(temporal.address, (client) =>
    client.workflow.start('noWorkerRunsThis', { taskQueue, workflowId: `${taskQueue}-run` }),
  );
  const { stdout } = await execFileAsync(temporalCli(), [
    ...['task-queue', 'list-partition', '--address', temporal.address],
    ...['--task-queue', taskQueue, '--output', 'json'],
  ]);
  const listed = JSON.parse(stdout) as {
    workflowTaskQueuePartitions: { key: string }[];
    activityTaskQueuePartitions: { key: string }[];
  };
  // Temporal's default is four: the queue and /_sys/<queue>/1 to /3.
  expect(listed.workflowTaskQueuePartitions.map((p) => p.key)).toEqual([taskQueue]);
  expect(listed.activityTaskQueuePartitions.map((p) => p.key)).toEqual([taskQueue]);
});

describe('a dev server whose internal port is taken as it starts', () => {
  /**
   * A `temporal` that fails as the real server does when one of its own ports was taken
   * (`port` in the message, the first `fails` runs), then runs the real CLI. It counts its runs.
   */
  async function clashingCli(
    fails: number,
    port: string,
    { panics = false }: { panics?: boolean } = {},
  ): Promise<{ cli: string; runs(): number }> {
    const dir = await mkdtemp(join(dataDir, 'clash-'));
    const count = join(dir, 'runs');
    const cli = join(dir, 'temporal');
    await writeFile(
      cli,
      `#!/bin/sh
echo x >> '${count}'
if [ "$(wc -l < '${count}')" -le ${fails} ]; then
  ${
    panics
      ? // As a Go panic prints: the reason first, then pages of goroutine traces.
        `echo 'panic: listen tcp 127.0.0.1:${port}: bind: address already in use' >&2
  for i in $(seq 1 200); do echo "go.uber.org/dig.paramList.BuildList({{0x60ecdd8, 0x4b29520}}) param.go:151 +0xad $i" >&2; done`
      : `echo 'level=ERROR msg="Failed to start gRPC listener" error="listen tcp 127.0.0.1:${port}: bind: address already in use" service=history' >&2`
  }
  exit 2
fi
exec '${temporalCli()}' "$@"
`,
    );
    await chmod(cli, 0o755);
    return { cli, runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length };
  }

  it('is started again, with new ports', async () => {
    const port = await freePort();
    // One clash, not two: the real start after it keeps a try in hand for a real clash.
    const { cli, runs } = await clashingCli(1, '40001');
    const server = await startDevServer({ cli, port });
    try {
      expect(runs()).toBe(2);
      expect(server.address).toBe(`127.0.0.1:${port}`);
      await withClient(server.address, (client) => client.workflowService.getSystemInfo({}));
    } finally {
      await server.stop();
    }
  });

  it('is started again when it panics on the clash, however long the trace after it', async () => {
    const port = await freePort();
    const { cli, runs } = await clashingCli(1, '40001', { panics: true });
    const server = await startDevServer({ cli, port });
    try {
      expect(runs()).toBe(2);
    } finally {
      await server.stop();
    }
  });

  it('is not started again when the clash is on the port it was given, or after three tries', async () => {
    const port = await freePort();
    const own = await clashingCli(5, String(port));
    await expect(startDevServer({ cli: own.cli, port })).rejects.toThrow(/address already in use/);
    expect(own.runs()).toBe(1);

    const always = await clashingCli(5, '40001');
    await expect(startDevServer({ cli: always.cli, port })).rejects.toThrow(
      /address already in use/,
    );
    expect(always.runs()).toBe(3);
  });
});
