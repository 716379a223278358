import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

// A config file path that does not exist keeps the developer's own ~/.config/temporalio out.
const isolated = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };
const load = (env: Record<string, string>) => loadConfig({ ...isolated, ...env });

describe('Temporal connection from environment configuration', () => {
  it('defaults to a local dev server', () => {
    const { temporal } = load({});
    expect(temporal).toMatchObject({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'typecast',
    });
    expect(temporal.connectionOptions.tls).toBeUndefined();
    expect(temporal.connectionOptions.apiKey).toBeUndefined();
  });

  it('takes address, namespace and task queue', () => {
    const { temporal } = load({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'casts',
      TEMPORAL_TASK_QUEUE: 'casts-eu',
    });
    expect(temporal).toMatchObject({
      address: 'temporal:7233',
      namespace: 'casts',
      taskQueue: 'casts-eu',
    });
    expect(temporal.connectionOptions.address).toBe('temporal:7233');
  });

  it('takes an API key, which turns TLS on (Temporal Cloud)', () => {
    const { temporal } = load({
      TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'typecast.a1b2c',
      TEMPORAL_API_KEY: 'key-123',
    });
    expect(temporal.connectionOptions).toMatchObject({ apiKey: 'key-123', tls: true });
    expect(temporal.namespace).toBe('typecast.a1b2c');
  });

  it('takes a TLS client certificate and server name (mTLS)', () => {
    const { temporal } = load({
      TEMPORAL_ADDRESS: 'typecast.a1b2c.tmprl.cloud:7233',
      TEMPORAL_TLS_CLIENT_CERT_DATA: 'CERT',
      TEMPORAL_TLS_CLIENT_KEY_DATA: 'KEY',
      TEMPORAL_TLS_SERVER_NAME: 'typecast.a1b2c.tmprl.cloud',
    });
    const tls = temporal.connectionOptions.tls as {
      serverNameOverride?: string;
      clientCertPair?: { crt: Uint8Array; key: Uint8Array };
    };
    expect(tls.serverNameOverride).toBe('typecast.a1b2c.tmprl.cloud');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe('CERT');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe('KEY');
  });

  it('turns plain TLS on without a client certificate', () => {
    expect(load({ TEMPORAL_TLS: 'true' }).temporal.connectionOptions.tls).toEqual({});
  });

  describe('from a config file profile', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'typecast-envconfig-'));
      await writeFile(
        join(dir, 'temporal.toml'),
        [
          '[profile.default]',
          'address = "localhost:7233"',
          '[profile.prod]',
          'address = "prod.example:7233"',
          'namespace = "prod"',
          'api_key = "file-key"',
        ].join('\n'),
      );
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('uses the profile named by TEMPORAL_PROFILE, and environment variables override it', () => {
      const file = join(dir, 'temporal.toml');
      const prod = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' });
      expect(prod.temporal).toMatchObject({ address: 'prod.example:7233', namespace: 'prod' });
      expect(prod.temporal.connectionOptions.apiKey).toBe('file-key');
      const overridden = loadConfig({
        TEMPORAL_CONFIG_FILE: file,
        TEMPORAL_PROFILE: 'prod',
        TEMPORAL_NAMESPACE: 'staging',
      });
      expect(overridden.temporal.namespace).toBe('staging');
    });
  });
});

describe('the rest of the configuration', () => {
  it('has defaults for every setting', () => {
    const config = load({});
    expect(config.model).toMatchObject({
      name: 'smollm2-135m',
      label: 'smollm2-135m (local)',
      local: true,
      baseURL: 'http://127.0.0.1:8808/v1',
      maxReasks: 2,
      apiKey: undefined,
    });
    expect(config.localModel).toMatchObject({ host: '127.0.0.1', port: 8808, maxTokens: 512 });
    expect(config.activity).toMatchObject({
      startToCloseTimeoutMs: 60_000,
      heartbeatTimeoutMs: 20_000,
      maximumAttempts: 5,
    });
    expect(config.worker).toMatchObject({ production: false, shutdownGraceMs: 30_000 });
    expect(config.local.useDevServer).toBe(true);
  });

  it('converts seconds to milliseconds and reads the model settings', () => {
    const config = load({
      OPENAI_API_KEY: ' sk-test ',
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1',
      OPENAI_MODEL: 'local-model',
      CAST_MAX_REASKS: '0',
      CAST_TIMEOUT_SECONDS: '5',
      MODEL_RATE_LIMIT_PER_SECOND: '2.5',
      NODE_ENV: 'production',
    });
    expect(config.model).toMatchObject({
      apiKey: 'sk-test',
      baseURL: 'http://127.0.0.1:9999/v1',
      name: 'local-model',
      maxReasks: 0,
      timeoutMs: 4_000,
    });
    expect(config.activity.startToCloseTimeoutMs).toBe(5_000);
    expect(config.worker).toMatchObject({ modelRateLimitPerSecond: 2.5, production: true });
  });

  it('treats an empty API key as missing', () => {
    expect(load({ OPENAI_API_KEY: '  ' }).model.apiKey).toBeUndefined();
  });

  it('uses the local model only when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set', () => {
    const local = load({ OPENAI_MODEL: 'gpt-4o', LOCAL_MODEL_PORT: '9001' }).model;
    expect(local).toMatchObject({ name: 'smollm2-135m', local: true });
    expect(local.baseURL).toBe('http://127.0.0.1:9001/v1');
    expect(load({ OPENAI_API_KEY: 'sk-1' }).model).toMatchObject({
      name: 'gpt-4o-mini',
      label: 'gpt-4o-mini',
      local: false,
      baseURL: undefined,
    });
    expect(
      load({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'qwen' }).model,
    ).toMatchObject({ name: 'qwen', local: false, apiKey: undefined });
  });

  it.each([
    ['CAST_MAX_REASKS', 'two'],
    ['CAST_MAX_ATTEMPTS', '0'],
    ['OPENAI_BASE_URL', 'not a url'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['CAST_TIMEOUT_SECONDS', '-1'],
    ['LOCAL_MODEL_PORT', '99999'],
    ['LOCAL_MODEL_MAX_TOKENS', '0'],
    ['LOCAL_MODEL_THREADS', 'many'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(ConfigError);
    expect(() => load({ [name]: value })).toThrow(new RegExp(`${name}="${value}"`));
  });

  it('names every bad variable at once', () => {
    expect(() => load({ PORT: 'x', CAST_MAX_REASKS: 'y' })).toThrow(
      /PORT=.*\n.*CAST_MAX_REASKS=|CAST_MAX_REASKS=.*\n.*PORT=/,
    );
  });
});
