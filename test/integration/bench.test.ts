import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';
import { waitParameter } from '../../scripts/bench/clients/wait-client.js';
import { npmScriptCommand, withoutLoader } from '../../scripts/bench/app/npm-script.js';
import type { BenchReport } from '../../scripts/bench/report/summary.js';
import { openApiDocument } from '../../src/web/openapi.js';
import { processesMentioning } from '../support/process-group.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run bench -- …` as a person runs it, with tiny numbers. */
function bench(
  args: string[],
): Promise<{ code: number | null; report: BenchReport; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/bench/main.ts', ...args, '--json'],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGINT'), 200_000);
  return new Promise((resolve, reject) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      try {
        resolve({ code, report: JSON.parse(stdout) as BenchReport, stderr });
      } catch {
        reject(
          new Error(`no JSON from the bench (exit ${code}):\n${stdout}\n${stderr.slice(-4_000)}`),
        );
      }
    }),
  );
}

/** The bench names its temporary folder; nothing it started may outlive it. */
function leftovers(stderr: string): string[] {
  const dir = /working in (\S+)/.exec(stderr)?.[1];
  expect(dir).toBeDefined();
  return processesMentioning(dir!);
}

it(
  'runs every scenario end to end and reports the figures as JSON',
  { timeout: 240_000 },
  async () => {
    const { code, report, stderr } = await bench([
      ...['--casts', '5', '--clients', '2', '--latency-ms', '20', '--poll-ms', '50'],
      ...['--readers', '3', '--read-rounds', '2', '--floor-solo-runs', '2'],
      ...['--batch-rows', '6', '--batch-concurrency', '2'],
      // A pause after each of the five scenarios, each of at least this long.
      ...['--settle-s', '2'],
    ]);
    expect(code, stderr.slice(-4_000)).toBe(0);
    expect(stderr.match(/: settled after \d+ s/g)).toHaveLength(5);
    expect(report.machine.loadAverage.before).toHaveLength(3);
    expect(report.targets).toHaveLength(1);
    const [target] = report.targets;
    const { casts, floor, readers, batch, 'floor-solo': solo } = target!.scenarios;

    expect(casts).toMatchObject({
      requested: 5,
      completed: 5,
      failures: { count: 0 },
      modelCalls: 5,
    });
    expect(floor).toMatchObject({ requested: 5, completed: 5, clients: 2, failures: { count: 0 } });
    expect(solo).toMatchObject({ requested: 2, completed: 2, clients: 1 });
    expect(readers).toMatchObject({
      requested: 6,
      completed: 6,
      clients: 3,
      failures: { count: 0 },
    });
    // The batch's rows each came back with the value their text asks for, one model call each.
    expect(batch).toMatchObject({
      unit: 'rows',
      requested: 6,
      completed: 6,
      failures: { count: 0 },
      modelCalls: 6,
    });
    expect(batch!.perSecond).toBeGreaterThan(0);
    expect(batch!.title).toContain('2 rows at once');
    for (const s of [casts!, floor!, solo!, readers!]) {
      expect(s.perSecond).toBeGreaterThan(0);
      expect(s.latencyMs!.p50).toBeGreaterThan(0);
      expect(s.latencyMs!.p99).toBeGreaterThanOrEqual(s.latencyMs!.p50);
    }
    expect(casts!.reads!.latencyMs!.count).toBeGreaterThan(0);
    expect(casts!.reads!.latencyMs!.p50).toBeGreaterThan(0);

    const used = Object.fromEntries(casts!.processes.map((p) => [p.role, p]));
    for (const role of ['start (worker + web)', 'dev server']) {
      expect(used[role]!.cpuMs, role).toBeGreaterThan(0);
      expect(used[role]!.cpuMsPerUnit, role).toBeGreaterThan(0);
      expect(used[role]!.rssMb, role).toBeGreaterThan(0);
      // Read again once the processes had settled after the casts, before the next scenario.
      expect(used[role]!.settledRssMb, role).toBeGreaterThan(0);
    }
    // The last scenario's too, after one more pause.
    const last = Object.values(target!.scenarios).at(-1)!;
    expect(last.processes.every((p) => p.settledRssMb! > 0)).toBe(true);
    // Counted by the dev server itself: one start and one model call's completion a cast, and
    // a poll or two on the way.
    expect(casts!.serverCalls).toMatchObject({
      StartWorkflowExecution: 1,
      RespondActivityTaskCompleted: 1,
    });
    expect(casts!.serverCalls!.DescribeWorkflowExecution).toBeGreaterThan(0);
    expect(floor!.serverCalls).toMatchObject({
      StartWorkflowExecution: 1,
      RespondActivityTaskCompleted: 1,
    });
    expect(floor!.serverCalls).not.toHaveProperty('DescribeWorkflowExecution');
    // The readers' window opens after their held casts' starts have reached the counters.
    expect(readers!.serverCalls).toHaveProperty('DescribeWorkflowExecution');
    expect(readers!.serverCalls).not.toHaveProperty('StartWorkflowExecution');
    expect(target!.overhead!.throughputOfFloor).toBeGreaterThan(0);
    expect(target!.overhead!.latencyOverFloor.p50).toBeGreaterThan(0);
    expect(leftovers(stderr)).toEqual([]);
  },
);

it(
  'follows the page as htmx does, and compares two dev server settings in one run, node flags on both sides',
  { timeout: 240_000 },
  async () => {
    const { code, report, stderr } = await bench([
      ...['--settle-s', '0'],
      ...[
        '--mode',
        'page',
        '--scenarios',
        'casts',
        '--casts',
        '3',
        '--clients',
        '2',
        '--latency-ms',
        '0',
      ],
      ...[
        '--sqlite-pragma',
        'journal_mode=wal',
        '--compare',
        '.',
        '--compare-sqlite-pragma',
        'none',
      ],
      '--node-arg=--stack-trace-limit=20',
    ]);
    expect(code, stderr.slice(-4_000)).toBe(0);
    const [wal, plain] = report.targets;
    expect(wal!.devServer).toEqual({ sqlitePragmas: ['journal_mode=wal'], journal: 'wal' });
    expect(plain!.devServer).toEqual({ sqlitePragmas: [], journal: 'rollback' });
    // Read back from each npm start's own process: both sides ran with the bench's flag, and
    // with the flags and environment that package.json's start script gives it.
    // The bench's come after the script's, so that they win.
    const script = npmScriptCommand(root, 'start');
    const scriptFlags = withoutLoader(script.flags);
    expect(scriptFlags.length).toBeGreaterThan(0);
    expect(wal!.nodeFlags).toEqual([...scriptFlags, '--stack-trace-limit=20']);
    expect(plain!.nodeFlags).toEqual([...scriptFlags, '--stack-trace-limit=20']);
    expect(wal!.scriptEnv).toEqual(script.env);
    expect(plain!.scriptEnv).toEqual(script.env);
    for (const target of [wal!, plain!]) {
      expect(target.scenarios.casts).toMatchObject({ completed: 3, failures: { count: 0 } });
      expect(target.scenarios.casts!.reads!.latencyMs!.count).toBeGreaterThan(0);
    }
    const throughput = report.comparison!.ratios.find((r) => r.metric === 'casts: casts/s');
    expect(throughput!.ratio).toBeGreaterThan(0);
    expect(leftovers(stderr)).toEqual([]);
  },
);

it('paces readers when asked, each reading once every so often', { timeout: 240_000 }, async () => {
  const profiles = await mkdtemp(join(tmpdir(), 'typecast-bench-profiles-'));
  onTestFinished(() => rm(profiles, { recursive: true, force: true }));
  const { code, report, stderr } = await bench([
    ...['--settle-s', '0', '--scenarios', 'readers'],
    ...['--readers', '3', '--read-rounds', '3', '--read-every-ms', '800'],
    ...['--cpu-prof', profiles],
  ]);
  expect(code, stderr.slice(-4_000)).toBe(0);
  const readers = report.targets[0]!.scenarios.readers!;
  expect(readers).toMatchObject({ requested: 9, completed: 9, failures: { count: 0 } });
  expect(readers.title).toContain('one every 800 ms');
  // The third read of each reader comes two paces after its first, which is not before the
  // window opens; read back to back, nine reads take a fraction of that.
  expect(readers.wallMs).toBeGreaterThanOrEqual(1_600);
  // A profile of npm start and one of the floor's worker, each in its own folder; the
  // profiler's own sampling is not taken for work left over from the scenario.
  expect(stderr).toMatch(/settled after \d+ s/);
  const folders = (await readdir(profiles)).sort();
  expect(folders).toEqual([
    expect.stringMatching(/^this-/),
    expect.stringMatching(/^this-.*-floor$/),
  ]);
  for (const folder of folders) {
    const files = await readdir(join(profiles, folder));
    expect(files.filter((file) => file.endsWith('.cpuprofile')).length).toBeGreaterThan(0);
  }
  expect(leftovers(stderr)).toEqual([]);
});

it(
  'casts with wait where the API offers it, and says it is not supported where not',
  { timeout: 240_000 },
  async () => {
    const { code, report, stderr } = await bench([
      ...['--settle-s', '0'],
      '--mode',
      'wait',
      '--scenarios',
      'casts',
      '--casts',
      '2',
      '--latency-ms',
      '0',
    ]);
    expect(code, stderr.slice(-4_000)).toBe(0);
    const casts = report.targets[0]!.scenarios.casts!;
    if (waitParameter(openApiDocument('bench') as never)) {
      expect(casts).toMatchObject({ completed: 2, failures: { count: 0 } });
    } else {
      expect(casts.unsupported).toMatch(/no wait parameter/);
      expect(casts.completed).toBe(0);
    }
  },
);
