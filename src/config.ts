import { availableParallelism } from 'node:os';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';
import { KeyRingError, parseKeyRing, type KeyRing } from './codec/key-ring.js';
import { findTool } from './local/tool-path.js';
import { localModelId, localModelLabel } from './local-model/model-id.js';
import { batchConfig, batchEnvShape, type BatchConfig } from './batch-config.js';
import type { CastActivityOptions } from './shared.js';

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** The names a local app is reached by: the web app answers only to these by default. */
export const loopbackHosts: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** In TYPECAST_ALLOWED_HOSTS, turns the Host check off: for a proxy that checks Host itself. */
export const anyHost = '*';

/** A name the web app answers to: a host name, an IPv4 address or an IPv6 one in brackets. */
const allowedHost = z.union([
  z.literal(anyHost),
  z.hostname(),
  z
    .string()
    .regex(/^\[.*\]$/)
    .refine((host) => z.ipv6().safeParse(host.slice(1, -1)).success),
]);

/** Comma-separated names; empty is the same as unset, as compose passes an unset variable. */
const hostList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(allowedHost, {
        error: 'give host names without a port, comma-separated, e.g. localhost,typecast.example',
      })
      .min(1, 'give at least one host name, or * to accept any'),
  );

/** Variables whose values are never quoted back, not even in a message about a bad value. */
const secretVariables = new Set([
  'OPENAI_API_KEY',
  'TEMPORAL_API_KEY',
  'TYPECAST_API_TOKENS',
  'TYPECAST_ENCRYPTION_KEYS',
]);

const unsetWhenBlank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const keyRing = z.string().transform((text, ctx): KeyRing => {
  try {
    return parseKeyRing(text);
  } catch (err) {
    if (!(err instanceof KeyRingError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
    return z.NEVER;
  }
});

/** At least 16 characters: long enough that a token cannot be guessed, as one made by openssl is. */
const apiTokenList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((token) => token.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .min(16, 'each token needs at least 16 characters (e.g. openssl rand -base64 32)')
          .regex(/^[\x21-\x7e]+$/, 'a token is printable ASCII without spaces'),
      )
      .min(1, 'give at least one token, or leave the variable unset for no sign-in'),
  );

const originList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .url({ protocol: /^https?$/, error: 'give origins such as http://localhost:8080' })
        .transform((url) => new URL(url).origin),
    ),
  );

const envSchema = z.object({
  TEMPORAL_TASK_QUEUE: z
    .string()
    .min(1)
    .regex(/^[^\\]+$/, 'a task queue name may not hold a backslash (the web lists casts by it)')
    .default('typecast'),
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  CAST_MAX_REASKS: count(2, 0),
  CAST_TIMEOUT_SECONDS: seconds(60),
  CAST_HEARTBEAT_TIMEOUT_SECONDS: seconds(20),
  CAST_MAX_ATTEMPTS: count(5),
  CAST_RETRY_INITIAL_SECONDS: seconds(1),
  CAST_RETRY_MAX_SECONDS: seconds(30),
  CAST_RETRY_BACKOFF: z.coerce.number().min(1).default(2),
  CAST_MAX_DATA_CHARS: count(20_000),
  WORKER_MAX_CONCURRENT_ACTIVITIES: count(20),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count(40),
  WORKER_SHUTDOWN_GRACE_SECONDS: seconds(30),
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  MODEL_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TYPECAST_ALLOWED_HOSTS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    hostList.optional(),
  ),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  TYPECAST_DATA_DIR: z.string().min(1).default('.data'),
  TYPECAST_ENCRYPTION_KEYS: z.preprocess(unsetWhenBlank, keyRing.optional()),
  TYPECAST_API_TOKENS: z.preprocess(unsetWhenBlank, apiTokenList.optional()),
  TYPECAST_SUBMIT_RATE_PER_MINUTE: count(60, 0),
  TYPECAST_CODEC_ORIGINS: z.preprocess(unsetWhenBlank, originList.optional()),
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  LOCAL_MODEL_HOST: z.string().min(1).default('127.0.0.1'),
  LOCAL_MODEL_PORT: z.coerce.number().int().min(0).max(65535).default(8808),
  LOCAL_MODEL_MAX_TOKENS: count(512),
  LOCAL_MODEL_CONTEXT_SIZE: count(4096, 512),
  LOCAL_MODEL_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  TYPECAST_LOCAL_MODEL_PATH: optionalText,
  // Batches (issue 13): limits, fan-out and the claim-check store, in batch-config.ts.
  ...batchEnvShape,
});

export type Env = z.infer<typeof envSchema>;

/** Every variable this module reads itself (Temporal's own TEMPORAL_* come through envconfig). */
export const envVariables = Object.keys(envSchema.shape) as (keyof Env)[];

export interface Config {
  temporal: ClientConnectConfig & {
    namespace: string;
    address: string;
    /** The setting people change to point elsewhere; messages about the address name it. */
    addressSetting: 'TEMPORAL_ADDRESS' | 'TEMPORAL_DEV_PORT';
    taskQueue: string;
    uiUrl: string;
  };
  model: {
    apiKey?: string;
    baseURL?: string;
    name: string;
    /** How people see the model: the name, marked "(local)" for the offline default. */
    label: string;
    /** True when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the offline model serves. */
    local: boolean;
    maxReasks: number;
    timeoutMs: number;
  };
  /** The local OpenAI-compatible model server (`npm run model`; `npm start` runs it itself). */
  localModel: {
    host: string;
    port: number;
    /** TYPECAST_LOCAL_MODEL_PATH; otherwise the file is looked up (src/local-model/model-file.ts). */
    path?: string;
    /** Completion tokens any one answer may take, whatever the request asks. */
    maxTokens: number;
    contextSize: number;
    threads: number;
  };
  activity: CastActivityOptions;
  maxDataChars: number;
  worker: {
    maxConcurrentActivities: number;
    maxConcurrentWorkflowTasks: number;
    shutdownGraceMs: number;
    metricsPort?: number;
    modelRateLimitPerSecond?: number;
    production: boolean;
  };
  web: {
    port: number;
    host: string;
    /** The Host header names the app answers to; `*` accepts any. */
    allowedHosts: readonly string[];
  };
  /** Who may use the app, how often, and how what it stores in Temporal is protected. */
  security: {
    /** Encrypts every payload; unset: payloads are stored in clear (see docs/decisions/0019). */
    keyRing?: KeyRing;
    /** Bearer tokens for the API and the page; empty: no sign-in. */
    apiTokens: readonly string[];
    /** Submissions per token (per address without tokens) per minute; 0: no limit. */
    submitRatePerMinute: number;
    /** Origins whose pages may call the codec endpoint: the Temporal UI's. */
    codecOrigins: readonly string[];
  };
  /** Only for `npm start`, which runs a dev server itself when TEMPORAL_ADDRESS is unset. */
  local: {
    dataDir: string;
    temporalCli: string;
    devPort: number;
    devUiPort: number;
    useDevServer: boolean;
  };
  logLevel: Env['LOG_LEVEL'];
  batch: BatchConfig;
}

/** Raised when the environment holds a bad value; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the whole configuration once; everything else receives values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}=${quoted(String(issue.path[0]), env)}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const local = !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL;
  const localModelUrl = `http://${e.LOCAL_MODEL_HOST}:${e.LOCAL_MODEL_PORT}/v1`;
  const connect = loadTemporalConnectConfig(env);
  const address = connect.connectionOptions.address ?? 'localhost:7233';
  return {
    temporal: {
      ...connect,
      connectionOptions: { ...connect.connectionOptions, address },
      address,
      addressSetting: 'TEMPORAL_ADDRESS',
      namespace: connect.namespace ?? 'default',
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/$/, ''),
    },
    model: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: local ? localModelUrl : e.OPENAI_BASE_URL,
      name: local ? localModelId : e.OPENAI_MODEL,
      label: local ? localModelLabel : e.OPENAI_MODEL,
      local,
      maxReasks: e.CAST_MAX_REASKS,
      // The HTTP timeout sits just under the activity's start-to-close timeout, so a slow
      // model surfaces as our ModelTimeout rather than as Temporal's generic timeout.
      timeoutMs: Math.max(1_000, e.CAST_TIMEOUT_SECONDS * 1000 - 1_000),
    },
    activity: {
      startToCloseTimeoutMs: e.CAST_TIMEOUT_SECONDS * 1000,
      heartbeatTimeoutMs: e.CAST_HEARTBEAT_TIMEOUT_SECONDS * 1000,
      maximumAttempts: e.CAST_MAX_ATTEMPTS,
      initialIntervalMs: e.CAST_RETRY_INITIAL_SECONDS * 1000,
      maximumIntervalMs: e.CAST_RETRY_MAX_SECONDS * 1000,
      backoffCoefficient: e.CAST_RETRY_BACKOFF,
    },
    localModel: {
      host: e.LOCAL_MODEL_HOST,
      port: e.LOCAL_MODEL_PORT,
      path: e.TYPECAST_LOCAL_MODEL_PATH,
      maxTokens: e.LOCAL_MODEL_MAX_TOKENS,
      contextSize: e.LOCAL_MODEL_CONTEXT_SIZE,
      // One core is left to Temporal, the worker and the web when they share the machine.
      threads: e.LOCAL_MODEL_THREADS ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    },
    maxDataChars: e.CAST_MAX_DATA_CHARS,
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
      metricsPort: e.WORKER_METRICS_PORT,
      modelRateLimitPerSecond: e.MODEL_RATE_LIMIT_PER_SECOND,
      production: e.NODE_ENV === 'production',
    },
    web: {
      port: e.PORT,
      host: e.HOST,
      allowedHosts: e.TYPECAST_ALLOWED_HOSTS ?? defaultAllowedHosts(e.HOST),
    },
    security: {
      keyRing: e.TYPECAST_ENCRYPTION_KEYS,
      apiTokens: e.TYPECAST_API_TOKENS ?? [],
      submitRatePerMinute: e.TYPECAST_SUBMIT_RATE_PER_MINUTE,
      codecOrigins: e.TYPECAST_CODEC_ORIGINS ?? uiOrigins(e.TEMPORAL_UI_URL),
    },
    local: {
      dataDir: e.TYPECAST_DATA_DIR,
      temporalCli: findTool('temporal', { env }) ?? 'temporal',
      devPort: e.TEMPORAL_DEV_PORT,
      devUiPort: e.TEMPORAL_DEV_UI_PORT,
      useDevServer: !env.TEMPORAL_ADDRESS,
    },
    logLevel: e.LOG_LEVEL,
    batch: batchConfig(e, env),
  };
}

function quoted(name: string, env: Record<string, string | undefined>): string {
  if (secretVariables.has(name)) return '(hidden)';
  return JSON.stringify(env[name] ?? '');
}

/**
 * The Temporal UI's origin, from TEMPORAL_UI_URL; on loopback, under both names a person types
 * (localhost and 127.0.0.1 are different origins to a browser).
 */
function uiOrigins(uiUrl: string): readonly string[] {
  const url = new URL(uiUrl);
  const twins: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };
  const twin = twins[url.hostname];
  if (!twin) return [url.origin];
  const other = new URL(uiUrl);
  other.hostname = twin;
  return [url.origin, other.origin];
}

const wildcardAddresses = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The loopback names, and the address the app listens on when it names one host (HOST=0.0.0.0
 * listens everywhere and names none: a deployment sets TYPECAST_ALLOWED_HOSTS).
 */
function defaultAllowedHosts(host: string): readonly string[] {
  if (wildcardAddresses.has(host)) return loopbackHosts;
  const served = z.ipv6().safeParse(host).success ? `[${host}]` : host;
  return loopbackHosts.includes(served) ? loopbackHosts : [...loopbackHosts, served];
}

function loadTemporalConnectConfig(env: Record<string, string | undefined>): ClientConnectConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  try {
    return loadClientConnectConfig({ overrideEnvVars: defined });
  } catch (err) {
    throw new ConfigError(
      `Invalid Temporal connection configuration (TEMPORAL_* variables or the config file): ${(err as Error).message}`,
    );
  }
}
