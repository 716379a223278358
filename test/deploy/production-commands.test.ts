import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { npmScriptCommand } from '../../scripts/bench/app/npm-script.js';
import { freePort } from '../../src/local/free-port.js';
import { findModelFile } from '../../src/local-model/model-file.js';
import { localModelId } from '../../src/local-model/model-id.js';
import { eventually } from '../support/cast-fixtures.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { stopProcess, waitForOutput } from '../support/worker-process.js';
import { prepareProductionApp, type ProductionApp } from './production-app.js';
import { productionBuild } from './production-build.js';
import { root } from './tools.js';

// The image's own commands (Dockerfile: WORKDIR /app, the CMDs of `npm run start:worker` and
// `start:web`, node's memory flags included, with NODE_ENV=production, USER 1000:1000), run
// outside Docker against the suite's dev server, from an install made as the image makes it:
// node_modules pruned of devDependencies, in a folder outside the repository, owned by root and
// run as the image's unprivileged user. A runtime import of a dev dependency fails here as it
// would in the container.
const graceSeconds = 5;

let model: ModelServer;
let app: ProductionApp;

beforeAll(async () => {
  model = await startModelServer();
  app = prepareProductionApp(await productionBuild());
}, 300_000);

afterAll(async () => {
  await model?.close();
  app?.remove();
});

type Entry = ChildProcess & { stdout: () => string; output: () => string };

/**
 * `npm run start:<target>`'s command in the app folder, as the image runs it (dockerfile.test.ts
 * holds the two alike); stdout kept apart for the logs.
 */
function startCompiled(target: 'worker' | 'web' | 'model', env: Record<string, string>): Entry {
  const command = npmScriptCommand(root, `start:${target}`);
  return startInApp([...command.flags, ...command.program], { ...command.env, ...env });
}

function startInApp(args: string[], env: Record<string, string> = {}): Entry {
  const child = spawn(process.execPath, args, {
    cwd: app.dir,
    env: { PATH: process.env.PATH ?? '', HOME: app.home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...app.user,
  });
  let stdout = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { stdout: () => stdout, output: () => output });
}

/** The real user id a process runs as, from the kernel's view of it. */
function uidOf(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
}

function logLines(entry: Entry): Record<string, unknown>[] {
  const lines = entry.stdout().split('\n').filter(Boolean);
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`a log line is not JSON: ${line}`);
    }
  });
}

/** SIGTERM, then how the process ended and how long it took. */
/** SIGTERM, then the exit: a process that never exits fails the test by its timeout. */
async function terminate(child: ChildProcess) {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.kill('SIGTERM');
  return exited;
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose working directory is `dir`: anything either command left running. */
function processesIn(dir: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === dir;
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
  });
}

it('the pruned install serves every dependency and no dev-only package, to the image user', async () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const runtime = Object.keys(manifest.dependencies);
  const devOnly = Object.keys(manifest.devDependencies).filter(
    (name) => lock.packages[`node_modules/${name}`]?.dev,
  );
  expect(devOnly.length).toBeGreaterThan(5);
  const probe = startInApp([
    '--input-type=module',
    '-e',
    `for (const name of ${JSON.stringify([...runtime, ...devOnly])}) {
      try { import.meta.resolve(name); console.log(name, 'found'); }
      catch (err) { console.log(name, err.code); }
    }`,
  ]);
  const uid = uidOf(probe.pid);
  await new Promise((resolve) => probe.once('exit', resolve));
  expect(probe.exitCode, probe.output()).toBe(0);
  const found = Object.fromEntries(
    probe
      .stdout()
      .trim()
      .split('\n')
      .map((l) => l.split(' ')),
  );
  for (const name of runtime) expect(found[name], name).toBe('found');
  for (const name of devOnly) expect(found[name], name).toBe('ERR_MODULE_NOT_FOUND');
  expect(uid).not.toBe(0);
  if (app.user) expect(uid).toBe(app.user.uid);
});

it('node dist/worker.js and node dist/web.js with NODE_ENV=production cast, log JSON and stop on SIGTERM', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // A model name of its own keeps this cast out of the cache of other tests on the same server.
  const modelName = `production-${randomUUID()}`;
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: randomTaskQueue('production'),
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: modelName,
    WORKER_SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    LOG_LEVEL: 'info',
  };
  model.respondWith((body) =>
    body.messages?.some((m) => m.content.includes('one, TWO, three'))
      ? { answer: [1, 2, 3] }
      : { status: 400, body: { error: { message: 'unexpected prompt' } } },
  );

  const worker = startCompiled('worker', env);
  const web = startCompiled('web', env);
  try {
    await Promise.all([waitForOutput(worker, /worker started/), waitForOutput(web, /web started/)]);
    // Neither runs as root: the image's USER, or this unprivileged test process itself.
    for (const entry of [worker, web]) expect(uidOf(entry.pid)).not.toBe(0);
    if (app.user) expect(uidOf(worker.pid)).toBe(app.user.uid);
    await eventually(
      () => fetch(`${base}/health`).then((r) => r.status),
      (status) => status === 200,
    );

    const created = await fetch(`${base}/api/casts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: 'one, TWO, three', target: { type: 'number[]' } }),
    });
    const accepted = (await created.json()) as {
      id: string;
      outcome: string;
      links: { self: string };
    };
    expect(created.status, JSON.stringify(accepted)).toBe(202);
    expect(accepted.outcome).toBe('new');

    const view = await eventually(
      () =>
        fetch(`${base}/api/casts/${accepted.id}`).then(
          (r) => r.json() as Promise<{ done: boolean }>,
        ),
      (v) => v.done,
    );
    expect(view).toMatchObject({ phase: 'completed', result: [1, 2, 3], model: modelName });
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.body.model).toBe(modelName);

    // Production loads the bundle built by scripts/build-workflow-bundle.ts: the worker says so,
    // and webpack never ran (the SDK logs "Workflow bundle created" when it bundles at start-up).
    const workerLogs = logLines(worker);
    const startedLine = workerLogs.find((l) => l.msg === 'worker started');
    expect(startedLine).toMatchObject({ prebuiltBundle: true, taskQueue: env.TEMPORAL_TASK_QUEUE });
    expect(
      workerLogs.filter(
        (l) => l.msg === 'Workflow bundle created' || String(l.msg).includes('webpack'),
      ),
    ).toEqual([]);
    expect(
      readFileSync(join(app.dir, 'dist', 'workflow-bundle.js'), 'utf8').length,
    ).toBeGreaterThan(0);
    expect(logLines(web).some((l) => l.msg === 'web started')).toBe(true);

    const [workerEnd, webEnd] = await Promise.all([terminate(worker), terminate(web)]);
    expect(workerEnd, worker.output()).toEqual({ code: 0, signal: null });
    expect(webEnd, web.output()).toEqual({ code: 0, signal: null });
    // Each said goodbye through the logger, and still only in JSON.
    expect(logLines(worker).some((l) => l.msg === 'worker stopped')).toBe(true);
    expect(logLines(web).some((l) => l.msg === 'web stopped')).toBe(true);

    expect(isAlive(worker.pid)).toBe(false);
    expect(isAlive(web.pid)).toBe(false);
    expect(processesIn(app.dir)).toEqual([]);
  } finally {
    await Promise.all([stopProcess(worker, 'SIGKILL'), stopProcess(web, 'SIGKILL')]);
  }
}, 90_000);

it('node dist/model.js serves the offline model from the pruned install and stops on SIGTERM', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The file as the image has it: a plain path readable by the image user.
  const modelPath = realpathSync(await findModelFile({ repoRoot: root }));
  const server = startCompiled('model', {
    NODE_ENV: 'production',
    LOCAL_MODEL_HOST: '127.0.0.1',
    LOCAL_MODEL_PORT: String(port),
    TYPECAST_LOCAL_MODEL_PATH: modelPath,
    LOG_LEVEL: 'info',
  });
  try {
    await waitForOutput(server, /model server ready/);
    if (app.user) expect(uidOf(server.pid)).toBe(app.user.uid);
    const answer = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: localModelId,
        max_tokens: 16,
        messages: [{ role: 'user', content: 'How many legs has a cat? Answer as JSON.' }],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'cast',
            strict: true,
            schema: {
              type: 'object',
              properties: { value: { type: 'integer' } },
              required: ['value'],
              additionalProperties: false,
            },
          },
        },
      }),
    });
    expect(answer.status, server.output()).toBe(200);
    const completion = (await answer.json()) as { choices: { message: { content: string } }[] };
    // The grammar holds whatever the small model thinks: an object with an integer value.
    const content = JSON.parse(completion.choices[0]!.message.content) as { value: unknown };
    expect(Number.isInteger(content.value)).toBe(true);

    const end = await terminate(server);
    expect(end, server.output()).toMatchObject({ code: 0, signal: null });
    expect(logLines(server).some((l) => l.msg === 'model server stopped')).toBe(true);
  } finally {
    await stopProcess(server, 'SIGKILL');
  }
}, 90_000);
