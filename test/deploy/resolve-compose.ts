import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { dockerCompose, root, run } from './tools.js';

export const composeText = readFileSync(join(root, 'compose.yaml'), 'utf8');

export interface Service {
  image?: string;
  build?: { context: string; target?: string };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string | null>;
  env_file?: unknown;
  extra_hosts?: string[];
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
  ports?: { host_ip?: string; target: number; published: string }[];
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  entrypoint?: string[] | null;
  command?: string[] | null;
  restart?: string;
}

export interface ComposeModel {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  /** The folder Compose ran in (removed since): bind-mount sources are paths under it. */
  projectDir: string;
}

/** A bind mount's source as the path of the same file in the repository. */
export function inRepository(model: ComposeModel, source: string): string {
  return join(root, relative(model.projectDir, source));
}

/**
 * The two settings compose.yaml requires (it refuses to start without them): valid values, so
 * each test's .env need only say what it is about.
 */
export const stackSecrets = {
  TYPECAST_API_TOKENS: 'compose-test-token-0123456789',
  TYPECAST_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
};
export const secretsDotenv = Object.entries(stackSecrets)
  .map(([name, value]) => `${name}=${value}\n`)
  .join('');

/**
 * What the real Compose v2 makes of the stack (`docker compose config`), run on a copy of it in a
 * fresh folder so a developer's own .env cannot change what is asserted; `dotenv` becomes that
 * folder's .env (after the required stackSecrets, unless `secrets` is false) and `shellEnv` the
 * only variables of Compose's environment besides PATH and HOME.
 */
export function resolveCompose(
  dotenv?: string,
  shellEnv: Record<string, string> = {},
  { secrets = true }: { secrets?: boolean } = {},
): ComposeModel {
  const dir = mkdtempSync(join(tmpdir(), 'typecast-compose-'));
  try {
    cpSync(join(root, 'compose.yaml'), join(dir, 'compose.yaml'));
    cpSync(join(root, 'deploy'), join(dir, 'deploy'), { recursive: true });
    if (dotenv !== undefined || secrets)
      writeFileSync(join(dir, '.env'), `${secrets ? secretsDotenv : ''}${dotenv ?? ''}`);
    const result = run(dockerCompose(), ['config', '--format', 'json'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...shellEnv },
    });
    expect(result.stderr).not.toMatch(/level=(warning|error)/);
    expect(result.status, result.stderr).toBe(0);
    return { ...(JSON.parse(result.stdout) as Omit<ComposeModel, 'projectDir'>), projectDir: dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A service's environment as its container gets it: an unresolved (null) entry is unset. */
export function containerEnv(service: Service | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service?.environment ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    ),
  );
}
