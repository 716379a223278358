import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../../src/config.js';
import { freePort } from '../../../src/local/free-port.js';
import { descendantsOf, readCommandLine, readEnvironment, readStat } from '../measure/proc.js';
import type { WatchedProcess } from '../measure/usage.js';
import type { BenchOptions } from '../options.js';
import type { BenchTarget } from '../scenario.js';
import type { Checkout } from './checkout.js';
import { signalGroup, spawnChild, type Child } from './child.js';
import { npmScriptCommand, withoutLoader, type NodeCommand } from './npm-script.js';
import { benchCli, pragmasIn } from './temporal-cli.js';

/** One side of the run: a checkout, and the dev server pragmas it runs with (unset: its own). */
export interface TargetSpec {
  label: string;
  checkout: Checkout;
  pragmas?: string[];
}

export interface RunningTarget extends BenchTarget {
  processes: WatchedProcess[];
  /** What the dev server actually runs with, read from its command line and its files. */
  devServer: { pid: number; sqlitePragmas: string[]; journal: 'wal' | 'rollback' };
  /** node's flags on npm start's command line, as the process got them. */
  nodeFlags: string[];
  /** The variables npm start's script sets (package.json), as the process got them. */
  scriptEnv: Record<string, string>;
  /** The dev server's Prometheus endpoint: the calls made to it. */
  metricsUrl: string;
  stop(): Promise<void>;
}

export interface TargetEnvironment {
  options: BenchOptions;
  modelUrl: string;
  /** The real `temporal` CLI. */
  cli: string;
  /** This checkout: the floor's worker runs from here, whatever the target. */
  benchRoot: string;
  /** A temporary folder of this target alone. */
  dir: string;
  signal: AbortSignal;
  progress(message: string): void;
}

const startTimeoutMs = 240_000;
const floorTaskQueue = 'bench-floor';

/** Tries with other ports before giving up (see startTarget). */
const startAttempts = 3;

/**
 * A free port is only free when it is asked for: on a busy machine another process (or an
 * outgoing connection of the load) can take it before the app listens. That start is retried
 * on new ports; any other failure is final.
 */
export async function startTarget(
  spec: TargetSpec,
  env: TargetEnvironment,
): Promise<RunningTarget> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTargetOnce(spec, env);
    } catch (err) {
      if (attempt >= startAttempts || !/EADDRINUSE/.test(String(err))) throw err;
      env.progress(`${spec.label}: a port was taken before the app listened; other ports …`);
    }
  }
}

/**
 * Starts a checkout as `npm start` does — src/start.ts in one node process running the worker
 * and the web, which starts its own file-backed dev server — on free loopback ports with a
 * fresh data folder, plus any extra workers and the floor's worker on that dev server.
 */
async function startTargetOnce(spec: TargetSpec, env: TargetEnvironment): Promise<RunningTarget> {
  const { options, dir, progress } = env;
  const root = spec.checkout.root;
  const dataDir = join(dir, 'data');
  const [webPort, devPort, uiPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  await mkdir(dataDir, { recursive: true });
  const cli = await benchCli(
    env.cli,
    { metricsPort, ...(spec.pragmas ? { pragmas: spec.pragmas } : {}) },
    dir,
  );
  const appEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TYPECAST_SKIP_SETUP: '1',
    TYPECAST_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(webPort),
    TEMPORAL_DEV_PORT: String(devPort),
    TEMPORAL_DEV_UI_PORT: String(uiPort),
    TEMPORAL_CLI: cli,
    OPENAI_BASE_URL: env.modelUrl,
    OPENAI_API_KEY: 'bench-key',
    OPENAI_MODEL: 'bench-model',
    // Every bench client submits from loopback: one caller to the submission limit.
    TYPECAST_SUBMIT_RATE_PER_MINUTE: '0',
    // Only shortens the stop at the end: held casts would otherwise keep it for 30 s.
    WORKER_SHUTDOWN_GRACE_SECONDS: '3',
    ...(options.slots ? { WORKER_MAX_CONCURRENT_ACTIVITIES: String(options.slots) } : {}),
    ...(options.batchConcurrency
      ? { BATCH_MAX_CONCURRENT_ROWS: String(options.batchConcurrency) }
      : {}),
  };
  const start = npmScriptCommand(root, 'start');
  const worker = npmScriptCommand(root, 'worker');
  const benchEnv: Record<string, string> = {};
  for (const setting of options.appEnv ?? []) {
    const at = setting.indexOf('=');
    benchEnv[setting.slice(0, at)] = setting.slice(at + 1);
  }
  // The bench's own --app-env and --node-arg win over what the scripts set.
  const appEnvOf = (script: NodeCommand) => ({ ...appEnv, ...script.env, ...benchEnv });
  const nodeArgs = options.nodeArg ?? [];
  const temporalAddress = `127.0.0.1:${devPort}`;
  const children: Child[] = [];
  let connection: Connection | undefined;
  let devServer: { pid: number; startTicks: number } | undefined;

  const stop = async () => {
    await connection?.close().catch(() => undefined);
    // Workers first, as npm start stops its own; then the app, which stops its dev server.
    const [app, ...others] = children;
    await Promise.all(others.map((child) => child.stop('SIGTERM', 20_000)));
    await app?.stop('SIGINT', 60_000);
    // A dev server whose app was killed lives on in its own process group.
    if (devServer && readStat(devServer.pid)?.startTicks === devServer.startTicks)
      signalGroup(devServer.pid, 'SIGKILL');
  };

  try {
    if (options.logDir) await mkdir(options.logDir, { recursive: true });
    progress(`${spec.label}: npm start (node ${[...start.flags, ...start.program].join(' ')}) …`);
    const app = spawnChild(
      `npm start of ${spec.label}`,
      process.execPath,
      [...start.flags, ...profileFlags(options, spec.label), ...nodeArgs, ...start.program],
      {
        cwd: root,
        env: appEnvOf(start),
        ...(options.logDir
          ? { logFile: resolve(options.logDir, `${fileName(spec.label)}-npm-start.log`) }
          : {}),
      },
    );
    children.push(app);
    await app.waitFor(/typecast is running/, startTimeoutMs, env.signal);
    const found = descendantsOf(app.pid).find((p) => p.stat.comm === 'temporal');
    if (!found)
      throw new Error(`${spec.label}: no temporal process under npm start (pid ${app.pid})`);
    devServer = { pid: found.pid, startTicks: found.stat.startTicks };

    const workerEnv = { ...appEnvOf(worker), TEMPORAL_ADDRESS: temporalAddress };
    for (let i = 1; i <= options.workers; i++) {
      children.push(
        spawnChild(
          `worker ${i} of ${spec.label}`,
          process.execPath,
          [...worker.flags, ...nodeArgs, ...worker.program],
          {
            cwd: root,
            env: workerEnv,
          },
        ),
      );
    }
    const defaults = loadConfig({}).worker;
    const floor = spawnChild(
      `floor worker of ${spec.label}`,
      process.execPath,
      [
        ...profileFlags(options, `${spec.label}-floor`),
        '--import',
        'tsx',
        'scripts/bench/floor/worker.ts',
        ...['--address', temporalAddress, '--task-queue', floorTaskQueue],
        ...['--activities', String(options.slots ?? defaults.maxConcurrentActivities)],
        ...['--workflow-tasks', String(defaults.maxConcurrentWorkflowTasks)],
      ],
      { cwd: env.benchRoot, env: { PATH: appEnv.PATH!, HOME: appEnv.HOME! } },
    );
    children.push(floor);
    await Promise.all([
      ...children
        .slice(1, -1)
        .map((worker) => worker.waitFor(/worker started/, startTimeoutMs, env.signal)),
      floor.waitFor(/floor worker ready/, startTimeoutMs, env.signal),
    ]);

    const processes: WatchedProcess[] = [
      { role: 'start (worker + web)', pid: app.pid },
      { role: 'dev server', pid: devServer.pid },
      ...children.slice(1, -1).map((worker, i) => ({ role: `worker ${i + 1}`, pid: worker.pid })),
      { role: 'floor worker', pid: floor.pid },
      { role: 'bench (clients)', pid: process.pid },
    ];
    let client: Promise<Client> | undefined;
    return {
      label: spec.label,
      appUrl: `http://127.0.0.1:${webPort}`,
      temporalAddress,
      floorTaskQueue,
      temporalClient: () =>
        (client ??= Connection.connect({ address: temporalAddress }).then((opened) => {
          connection = opened;
          return new Client({ connection: opened });
        })),
      processes,
      devServer: {
        pid: devServer.pid,
        sqlitePragmas: pragmasIn(readCommandLine(devServer.pid)),
        journal: existsSync(join(dataDir, 'temporal.db-wal')) ? 'wal' : 'rollback',
      },
      nodeFlags: nodeFlagsIn(readCommandLine(app.pid), start.program[0]!),
      scriptEnv: picked(readEnvironment(app.pid), Object.keys(start.env)),
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The flags node was started with: what comes before the script, but for the tsx loader. */
function nodeFlagsIn(commandLine: string[], startScript: string): string[] {
  const script = commandLine.indexOf(startScript);
  return script < 0 ? [] : withoutLoader(commandLine.slice(1, script));
}

const picked = (env: Record<string, string>, names: string[]) =>
  Object.fromEntries(names.filter((name) => name in env).map((name) => [name, env[name]!]));

/** node's --cpu-prof, into a folder named for the process; written when the process exits. */
function profileFlags(options: BenchOptions, label: string): string[] {
  if (!options.cpuProf) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProf, fileName(label))}`];
}

/** A checkout's label ("this (abc1234)") as a file or folder name. */
const fileName = (label: string) => label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
