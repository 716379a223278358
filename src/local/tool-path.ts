import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: from src/local/ and from dist/local/ alike, two folders up. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Where `npm run setup` (scripts/setup/) puts the pinned tools it installs. */
export function toolsDir(root = projectRoot): string {
  return join(root, '.tools');
}

/** The programs the app and its tests run, and the variable that names each explicitly. */
export const toolVariables = {
  temporal: 'TEMPORAL_CLI',
  hadolint: 'HADOLINT',
  shellcheck: 'SHELLCHECK',
  'docker-compose': 'DOCKER_COMPOSE',
  schemathesis: 'SCHEMATHESIS',
  // moto's S3 server, for the tests of the batch store's S3 side.
  moto_server: 'MOTO_SERVER',
  chromium: 'CHROMIUM_PATH',
} as const;

export type ToolName = keyof typeof toolVariables;

export interface ToolLookup {
  env?: Record<string, string | undefined>;
  root?: string;
}

/**
 * Where a tool is: its variable, then `.tools/bin/<name>` (the version `npm run setup`
 * pinned, ahead of whatever else is installed), then PATH; undefined when none has it.
 */
export function findTool(
  name: ToolName,
  { env = process.env, root = projectRoot }: ToolLookup = {},
): string | undefined {
  const fromEnv = env[toolVariables[name]];
  if (fromEnv) return fromEnv;
  const dirs = [join(toolsDir(root), 'bin'), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

/** A sentence for a missing tool: how the lookup works and how to install it. */
export function missingToolMessage(name: ToolName): string {
  return (
    `${name} was not found (looked at ${toolVariables[name]}, .tools/bin/${name} and PATH): ` +
    `run npm run setup, or set ${toolVariables[name]} to its path`
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
