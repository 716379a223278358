import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccess } from '../../src/web/access/api-tokens.js';
import { castViewSchema } from '../../src/web/api-schemas.js';
import { createApp } from '../../src/web/app.js';
import { eventually, fastActivity } from '../support/cast-fixtures.js';
import { failureOf } from '../support/command-failure.js';
import { testDataConverter, testEncryptionKeys } from '../support/encryption.js';
import type { ModelServer } from '../support/model-server.js';
import { castPromptOf, startModelServer } from '../support/model-server.js';
import { withModelWorker } from '../support/model-worker.js';
import { serveOnLoopback, type ServedApp } from '../support/serve-app.js';
import { decodedText, jsonStrings, storedText } from '../support/stored-text.js';
import {
  connectTestEnvironment,
  randomTaskQueue,
  temporalAddress,
  temporalCli,
} from '../support/temporal.js';
import { waitForExit } from '../support/process-group.js';
import { testWebDeps } from '../support/web-deps.js';
import { spawnEntry } from '../support/worker-process.js';

// What a person submits is encrypted before it reaches Temporal: checked on what the server
// stores, with the real CLI, for a canary string that went through the API.

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const token = `api-token-${randomUUID()}`;
const uiOrigin = 'http://localhost:18233';
const canary = `canary${randomUUID().replaceAll('-', '')}`;

let client: Client;
let env: TestWorkflowEnvironment;
let model: ModelServer;
let served: ServedApp;
let workDir: string;
const taskQueue = randomTaskQueue('encrypted');
const ids: Record<'completed' | 'failed', string> = { completed: '', failed: '' };

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${served.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });

/** The CLI against the suite's server; with the app's codec endpoint when asked. */
async function temporal(args: string[], { codec = false, auth = true } = {}): Promise<string> {
  const codecArgs = codec
    ? [
        '--codec-endpoint',
        `${served.url}/codec`,
        ...(auth ? ['--codec-auth', `Bearer ${token}`] : []),
      ]
    : [];
  const { stdout } = await run(
    temporalCli(),
    [...args, '--address', temporalAddress(), '--namespace', 'default', ...codecArgs],
    { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

beforeAll(async () => {
  env = await connectTestEnvironment();
  client = env.client;
  model = await startModelServer();
  workDir = await mkdtemp(join(tmpdir(), 'typecast-encrypted-'));
  const app = createApp(
    testWebDeps(client, {
      taskQueue,
      activity: { ...fastActivity, maximumAttempts: 2 },
      temporalUiUrl: uiOrigin,
      allowedHosts: ['*'],
      access: createAccess([token]),
      codec: { codecs: testDataConverter.payloadCodecs ?? [], origins: [uiOrigin] },
    }),
  );
  served = await serveOnLoopback(app);

  // The model echoes the canary back: in the answer, in a failed attempt's error, in an
  // answer that does not fit (kept as the failure's raw output).
  model.respondWith((body) => {
    const prompt = castPromptOf(body);
    if (prompt.includes(`fail ${canary}`)) return { content: `not json, ${canary}` };
    const attempts = model.requests.filter((r) => r.rawBody.includes(`keep ${canary}`)).length;
    return attempts === 1
      ? { status: 500, body: { error: { message: `upstream choked on ${canary}` } } }
      : { answer: canary };
  });

  await withModelWorker(
    env,
    model,
    taskQueue,
    async () => {
      const submit = async (data: string) => {
        const res = await api('/api/casts', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            data,
            target: { type: `"${canary}" | "none"` },
            instructions: `Answer with the name ${canary} when it appears.`,
          }),
        });
        expect(res.status).toBe(202);
        return ((await res.json()) as { id: string }).id;
      };
      ids.completed = await submit(`keep ${canary}, please`);
      ids.failed = await submit(`fail ${canary}, please`);
      for (const id of Object.values(ids))
        await eventually(
          async () => castViewSchema.parse(await (await api(`/api/casts/${id}`)).json()),
          (view) => view.done,
        );
    },
    { maxReasks: 1 },
  );
});

afterAll(async () => {
  await served?.close();
  await model?.close();
  await env?.teardown();
  await rm(workDir, { recursive: true, force: true });
});

describe('a canary submitted through the API', () => {
  it('is what the API and the model saw: the casts ran with it', async () => {
    const done = castViewSchema.parse(await (await api(`/api/casts/${ids.completed}`)).json());
    expect(done).toMatchObject({ phase: 'completed', result: canary });
    const failed = castViewSchema.parse(await (await api(`/api/casts/${ids.failed}`)).json());
    expect(failed.error).toMatchObject({ type: 'ValidationFailed' });
    expect(failed.error?.rawOutput).toContain(canary);
  });

  it('appears nowhere in the raw history, description or list the CLI shows', async () => {
    const shown: Record<string, string> = {};
    for (const [name, id] of Object.entries(ids)) {
      const history = JSON.parse(
        await temporal(['workflow', 'show', '--workflow-id', id, '--output', 'json']),
      );
      const description = JSON.parse(
        await temporal(['workflow', 'describe', '--workflow-id', id, '--output', 'json']),
      );
      shown[`${name} history`] = jsonStrings(history);
      shown[`${name} description`] = jsonStrings(description);
      shown[`${name} describe (text)`] = await temporal([
        'workflow',
        'describe',
        '--workflow-id',
        id,
      ]);
      shown[`${name} show (text)`] = await temporal(['workflow', 'show', '--workflow-id', id]);
    }
    const listed = JSON.parse(
      await temporal([
        'workflow',
        'list',
        '--query',
        `TaskQueue = '${taskQueue}'`,
        '--output',
        'json',
      ]),
    );
    expect(listed).toHaveLength(2);
    shown.list = jsonStrings(listed);
    for (const [where, text] of Object.entries(shown)) expect(text, where).not.toContain(canary);
    // The payloads are there, encrypted: the check above looked at them.
    expect(shown['completed history']).toContain('binary/encrypted');
    expect(shown['completed description']).toContain('binary/encrypted');

    // The SDK's own view of the stored history agrees; decrypted, every place holds the canary.
    for (const id of Object.values(ids)) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      expect(await storedText(history)).not.toContain(canary);
      expect(await decodedText(history)).toContain(canary);
    }
  });

  it('reads in clear through the codec endpoint, for those with a token', async () => {
    const history = jsonStrings(
      JSON.parse(
        await temporal(['workflow', 'show', '--workflow-id', ids.failed, '--output', 'json'], {
          codec: true,
        }),
      ),
    );
    // The input, the memo's summary, the model's answer kept with the failure.
    expect(history).toContain(`fail ${canary}, please`);
    expect(history).toContain(`not json, ${canary}`);
    const description = await temporal(['workflow', 'describe', '--workflow-id', ids.completed], {
      codec: true,
    });
    expect(description).toContain(canary);

    const refused = await failureOf(
      temporal(['workflow', 'show', '--workflow-id', ids.failed], { codec: true, auth: false }),
    );
    // Without the token the codec answers 401, which the CLI retries until its deadline.
    expect(refused?.code).toBe(1);
    expect(refused?.stdout + (refused?.stderr ?? '')).not.toContain(canary);
  });

  it('replays from the server and from an exported file with the keys, and not without them', async () => {
    const exported = join(workDir, 'encrypted-history.json');
    await writeFile(
      exported,
      await temporal(['workflow', 'show', '--workflow-id', ids.completed, '--output', 'json']),
    );
    const replay = (env: Record<string, string>, ...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/replay.ts', ...args], {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          TEMPORAL_ADDRESS: temporalAddress(),
          TYPECAST_DATA_DIR: workDir,
          ...env,
        },
      });
    const { stdout } = await replay(
      { TYPECAST_ENCRYPTION_KEYS: testEncryptionKeys },
      exported,
      '--workflow-id',
      ids.failed,
    );
    expect(stdout).toMatch(/All 2 histories replay/);

    const keyless = await failureOf(replay({}, exported));
    expect(keyless?.code).toBe(1);
    expect(keyless?.stdout).toMatch(/NOT compatible/);
  });

  it('stops a worker from starting without the key these casts need, naming it', async () => {
    const other = `other:${Buffer.alloc(32, 1).toString('base64')}`;
    for (const keys of [other, '']) {
      const worker = spawnEntry('src/worker.ts', {
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: taskQueue,
        TYPECAST_ENCRYPTION_KEYS: keys,
        TYPECAST_DATA_DIR: workDir,
        LOG_LEVEL: 'info',
      });
      expect(await waitForExit(worker), worker.output()).toBe('1');
      expect(worker.output()).toContain('were encrypted with the key "suite-2026"');
      expect(worker.output()).toContain('Nothing was started.');
    }
  });
});

describe('the codec endpoint', () => {
  const decode = (init: RequestInit) => fetch(`${served.url}/codec/decode`, init);
  const someEncrypted = async () => {
    const [payload] = await testDataConverter.payloadCodecs![0]!.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(`"${canary}"`) },
    ]);
    return {
      metadata: Object.fromEntries(
        Object.entries(payload!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
      ),
      data: Buffer.from(payload!.data!).toString('base64'),
    };
  };

  it('asks for a token as the API does, and decodes for one', async () => {
    const body = JSON.stringify({ payloads: [await someEncrypted()] });
    const headers = { 'Content-Type': 'application/json', 'X-Namespace': 'default' };
    const anonymous = await decode({ method: 'POST', headers, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('WWW-Authenticate')).toBe('Bearer realm="typecast"');

    const allowed = await decode({
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${token}` },
      body,
    });
    expect(allowed.status).toBe(200);
    const { payloads } = (await allowed.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(payloads[0]!.data, 'base64').toString()).toBe(`"${canary}"`);

    // Another namespace's payloads go back as they came.
    const foreign = await decode({
      method: 'POST',
      headers: { ...headers, 'X-Namespace': 'payroll', Authorization: `Bearer ${token}` },
      body,
    });
    expect(((await foreign.json()) as { payloads: unknown[] }).payloads).toEqual(
      JSON.parse(body).payloads,
    );
  });

  it('answers the Temporal UI’s preflight for its origin only, before any credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${served.url}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-namespace,authorization',
        },
      });
    const ui = await preflight(uiOrigin);
    expect(ui.status).toBe(204);
    expect(ui.headers.get('Access-Control-Allow-Origin')).toBe(uiOrigin);
    expect(ui.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    expect(ui.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toMatch(
      /content-type.*x-namespace.*authorization/,
    );
    const elsewhere = await preflight('https://evil.example');
    expect(elsewhere.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('refuses what is not a Payloads document, in the API’s error shape', async () => {
    for (const [body, type] of [
      ['{"payloads": [{"data": "not base64!"}]}', 'application/json'],
      ['{"payloads": "all"}', 'application/json'],
      ['payloads', 'text/plain'],
      ['{', 'application/json'],
    ]) {
      const res = await decode({
        method: 'POST',
        headers: { 'Content-Type': type!, Authorization: `Bearer ${token}` },
        body,
      });
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'InvalidCodecRequest',
      );
    }
  });
});
