import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  containerEnv,
  resolveCompose,
  secretsDotenv,
  stackSecrets,
  type ComposeModel,
} from './resolve-compose.js';
import { dockerCompose, root, run } from './tools.js';

// What the web and worker containers get from the shell and .env, as Docker Compose itself
// resolves it, and what the app makes of it (loadConfig, as each process does at start-up).

const envExample = readFileSync(join(root, '.env.example'), 'utf8');

function configs(model: ComposeModel) {
  return {
    web: loadConfig(containerEnv(model.services.web)),
    worker: loadConfig(containerEnv(model.services.worker)),
  };
}

/** A Go duration as Compose prints it ("45s", "1m45s") in seconds. */
function durationSeconds(duration: string | undefined): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?$/.exec(duration ?? '');
  if (!duration || !match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

describe('compose.yaml: the environment of web and worker', () => {
  it('uses the stack’s own model when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set', () => {
    // No .env at all; the .env.example as `cp .env.example .env` makes it (an empty key line);
    // a model name alone, which names nothing the local server could serve.
    // (.env.example leaves the required secrets empty: here they are filled in after it.)
    for (const dotenv of [undefined, envExample + secretsDotenv, 'OPENAI_MODEL=gpt-4o\n']) {
      for (const config of Object.values(configs(resolveCompose(dotenv)))) {
        expect(config.model.baseURL).toBe('http://model:8808/v1');
        expect(config.model.name).toBe('smollm2-135m');
        // The page and the worker both count it as the local model, which needs no key.
        expect(config.model.local).toBe(true);
        expect(config.model.label).toBe('smollm2-135m (local)');
        expect(config.model.apiKey).toBeUndefined();
      }
    }
  });

  it('uses OpenAI as soon as OPENAI_API_KEY is set, from .env or the shell', () => {
    const fromDotenv = configs(resolveCompose('OPENAI_API_KEY=sk-from-dotenv\n'));
    for (const config of Object.values(fromDotenv)) {
      expect(config.model.apiKey).toBe('sk-from-dotenv');
      expect(config.model.baseURL).toBeUndefined(); // the openai client's default: OpenAI
      expect(config.model.name).toBe(loadConfig({ OPENAI_API_KEY: 'sk-any' }).model.name);
    }
    const fromShell = configs(
      resolveCompose('OPENAI_API_KEY=sk-from-dotenv\nOPENAI_MODEL=gpt-4.1-mini\n', {
        OPENAI_API_KEY: 'sk-from-shell',
      }),
    );
    expect(fromShell.worker.model.apiKey).toBe('sk-from-shell');
    expect(fromShell.worker.model.name).toBe('gpt-4.1-mini');
    expect(fromShell.worker.model.baseURL).toBeUndefined();
  });

  it('uses a server named by OPENAI_BASE_URL, such as one on the Docker host', () => {
    const { web, worker } = configs(
      resolveCompose(
        'OPENAI_BASE_URL=http://host.docker.internal:11434/v1\nOPENAI_MODEL=llama3.2\n',
      ),
    );
    for (const config of [web, worker]) {
      expect(config.model.baseURL).toBe('http://host.docker.internal:11434/v1');
      expect(config.model.name).toBe('llama3.2');
      expect(config.model.apiKey).toBeUndefined();
    }
  });

  it('keeps Temporal Cloud settings and process settings in .env away from the local stack', () => {
    const model = resolveCompose(
      [
        'TEMPORAL_ADDRESS=my-ns.a1b2c.tmprl.cloud:7233',
        'TEMPORAL_API_KEY=cloud-key',
        'TEMPORAL_TLS=true',
        'TEMPORAL_TLS_CLIENT_CERT_PATH=/certs/client.pem',
        'TEMPORAL_TLS_CLIENT_KEY_PATH=/certs/client.key',
        'TEMPORAL_PROFILE=cloud',
        'TEMPORAL_CONFIG_FILE=/certs/temporal.toml',
        'TEMPORAL_UI_URL=https://cloud.temporal.io',
        'NODE_ENV=development',
        'HOST=127.0.0.1',
        'PORT=9999',
        'CAST_MAX_REASKS=4',
        '',
      ].join('\n'),
    );
    for (const [name, config] of Object.entries(configs(model))) {
      expect(config.temporal.connectionOptions, name).toEqual({ address: 'temporal:7233' });
      expect(config.temporal.uiUrl).toBe('http://localhost:8080');
      expect(config.worker.production).toBe(true);
      expect(config.model.maxReasks).toBe(4);
      const env = containerEnv(model.services[name]);
      expect(
        Object.keys(env).filter((key) => /^TEMPORAL_(API|TLS|PROFILE|CONFIG)/.test(key)),
      ).toEqual([]);
    }
    // Inside a container the web must listen on every interface, on the port compose publishes.
    expect(configs(model).web.web).toMatchObject({ host: '0.0.0.0', port: 8000 });
  });

  it('gives a stopping worker its shutdown grace, and Docker waits longer before SIGKILL', () => {
    for (const [dotenv, grace] of [
      [undefined, 30],
      ['WORKER_SHUTDOWN_GRACE_SECONDS=90\n', 90],
      ['WORKER_SHUTDOWN_GRACE_SECONDS=2.5\n', 2.5],
    ] as const) {
      const model = resolveCompose(dotenv);
      const { worker } = configs(model);
      expect(worker.worker.shutdownGraceMs).toBe(grace * 1000);
      expect(durationSeconds(model.services.worker!.stop_grace_period)).toBe(grace + 15);
    }
  });

  it('gives web and workers one batch store: a volume at the same path, or the same bucket', () => {
    const model = resolveCompose();
    const { web, worker } = configs(model);
    expect(web.batch.store).toEqual({ kind: 'folder', dir: '/data/batches' });
    expect(worker.batch.store).toEqual(web.batch.store);
    const mounts = ['web', 'worker'].map((name) =>
      model.services[name]!.volumes?.find((v) => v.target === '/data/batches'),
    );
    for (const mount of mounts) {
      expect(mount?.type).toBe('volume');
      expect(mount?.read_only ?? false).toBe(false);
      expect(Object.keys(model.volumes ?? {})).toContain(mount!.source);
    }
    expect(mounts[0]!.source).toBe(mounts[1]!.source);
    // A .env naming a bucket moves both to it, credentials included; the store's folder stays
    // the stack's (a .env written for `npm start` cannot point a container at the host's path).
    const s3 = resolveCompose(
      [
        'BATCH_S3_BUCKET=team-batches',
        'BATCH_S3_ENDPOINT=https://s3.example.com',
        'BATCH_STORE_DIR=/home/me/.data/batches',
        'AWS_ACCESS_KEY_ID=AKIAEXAMPLE',
        'AWS_SECRET_ACCESS_KEY=secret',
        '',
      ].join('\n'),
    );
    for (const name of ['web', 'worker']) {
      const config = loadConfig(containerEnv(s3.services[name]));
      expect(config.batch.store, name).toMatchObject({
        kind: 's3',
        bucket: 'team-batches',
        endpoint: 'https://s3.example.com',
      });
      expect(containerEnv(s3.services[name])).toMatchObject({
        BATCH_STORE_DIR: '/data/batches',
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
      });
    }
  });

  it('gives every variable of .env.example a deliberate place in the stack', () => {
    // Each documented variable is passed to both apps, to the worker only, set by the stack
    // itself, or kept out. A new variable fails here until it is placed (deploy/env/*.env).
    const passedToBoth = new Set([
      'TEMPORAL_NAMESPACE',
      'TEMPORAL_TASK_QUEUE',
      'OPENAI_API_KEY',
      'OPENAI_BASE_URL',
      'OPENAI_MODEL',
      'CAST_MAX_REASKS',
      'CAST_TIMEOUT_SECONDS',
      'CAST_HEARTBEAT_TIMEOUT_SECONDS',
      'CAST_MAX_ATTEMPTS',
      'CAST_RETRY_INITIAL_SECONDS',
      'CAST_RETRY_MAX_SECONDS',
      'CAST_RETRY_BACKOFF',
      'CAST_MAX_DATA_CHARS',
      'LOG_LEVEL',
      'TYPECAST_ALLOWED_HOSTS',
      'TYPECAST_ENCRYPTION_KEYS',
      'BATCH_MAX_ROWS',
      'BATCH_MAX_FILE_MB',
      'BATCH_MAX_CONCURRENT_ROWS',
      'BATCH_CHUNK_ROWS',
      'BATCH_S3_BUCKET',
      'BATCH_S3_PREFIX',
      'BATCH_S3_REGION',
      'BATCH_S3_ENDPOINT',
      'BATCH_S3_FORCE_PATH_STYLE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ]);
    const webOnly = new Set([
      'TYPECAST_API_TOKENS',
      'TYPECAST_SUBMIT_RATE_PER_MINUTE',
      'TYPECAST_CODEC_ORIGINS',
    ]);
    const workerOnly = new Set([
      'WORKER_MAX_CONCURRENT_ACTIVITIES',
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      'WORKER_SHUTDOWN_GRACE_SECONDS',
      'WORKER_METRICS_PORT',
      'MODEL_RATE_LIMIT_PER_SECOND',
    ]);
    const setByTheStack = new Set([
      'NODE_ENV',
      'HOST',
      'PORT',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_UI_URL',
      'BATCH_STORE_DIR',
    ]);
    // Temporal Cloud / mTLS (the stack has its own server), and the other services' settings.
    const keptOut = (name: string) =>
      /^TEMPORAL_(API_KEY|TLS|CONFIG_FILE|PROFILE)/.test(name) ||
      ['POSTGRES_PASSWORD', 'NAMESPACE_RETENTION'].includes(name);

    const documented = [...envExample.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect(documented.length).toBeGreaterThan(30);
    // Every one set to the same marker (a valid number, for the worker's grace period).
    const model = resolveCompose(documented.map((name) => `${name}=7\n`).join(''));
    const web = containerEnv(model.services.web);
    const worker = containerEnv(model.services.worker);
    for (const name of documented) {
      const where = { web: web[name], worker: worker[name] };
      if (passedToBoth.has(name)) expect(where, name).toEqual({ web: '7', worker: '7' });
      else if (workerOnly.has(name)) expect(where, name).toEqual({ web: undefined, worker: '7' });
      else if (webOnly.has(name)) expect(where, name).toEqual({ web: '7', worker: undefined });
      else if (setByTheStack.has(name)) {
        expect(where.web ?? where.worker, name).toBeDefined();
        expect([where.web, where.worker], name).not.toContain('7');
      } else if (keptOut(name)) expect(where, name).toEqual({ web: undefined, worker: undefined });
      else throw new Error(`${name} (.env.example) has no place in the compose stack yet`);
    }
  });
});

describe('compose.yaml: the stack’s secrets', () => {
  it('does not start without API tokens and encryption keys, and says how to make them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'typecast-compose-secrets-'));
    try {
      cpSync(join(root, 'compose.yaml'), join(dir, 'compose.yaml'));
      cpSync(join(root, 'deploy'), join(dir, 'deploy'), { recursive: true });
      // Unset, and empty as `cp .env.example .env` leaves them.
      for (const dotenv of ['', envExample]) {
        writeFileSync(join(dir, '.env'), dotenv);
        const result = run(dockerCompose(), ['config', '--quiet'], {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
        });
        expect(result.status).not.toBe(0);
        expect(result.stderr).toMatch(/TYPECAST_(API_TOKENS|ENCRYPTION_KEYS)/);
        expect(result.stderr).toMatch(/openssl rand -base64 32/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the keys to web and worker, the tokens to the web, and wires the Temporal UI to the codec', () => {
    const model = resolveCompose();
    const { web, worker } = configs(model);
    expect(web.security.apiTokens).toEqual([stackSecrets.TYPECAST_API_TOKENS]);
    expect(worker.security.apiTokens).toEqual([]);
    for (const config of [web, worker])
      expect(config.security.keyRing?.keys.map((k) => k.id)).toEqual(['k1']);
    // The UI's origin may call the web's codec endpoint, which the UI's browser reaches there.
    expect(web.security.codecOrigins).toContain('http://localhost:8080');
    const ui = containerEnv(model.services['temporal-ui']);
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:8000/codec');
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(model.services.web!.ports![0]!.published).toBe('8000');
  });
});
