// @ts-check
// What exists: read from the disk and the environment only (stats and two small JSON files),
// so a machine with everything in place is surveyed in milliseconds. The probes of what the
// machine can run start programs and are asked only when something must be installed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { exposedEntry, installedFile, installFolder, toolsDir } from './layout.mjs';
import { nodeModulesProblem } from './node-modules.mjs';

/** @typedef {import('./catalogue.mjs').Item} Item */
/** @typedef {import('./catalogue.mjs').PypiItem} PypiItem */
/** @typedef {import('./plan.mjs').ItemState} ItemState */
/** @typedef {import('./plan.mjs').Machine} Machine */
/** @typedef {Record<string, string | undefined>} Env */

/**
 * @param {readonly Item[]} items
 * @param {{ root: string, env: Env, platform: string }} where  platform: `${process.platform}-${process.arch}`
 * @returns {ItemState[]}
 */
export function survey(items, { root, env, platform }) {
  return items.map((item) => ({ item, ...stateOf(item, root, env, platform) }));
}

/**
 * @param {Item} item
 * @param {string} root
 * @param {Env} env
 * @param {string} platform
 * @returns {{ state: ItemState['state'], reason: string }}
 */
function stateOf(item, root, env, platform) {
  if (item.kind === 'npm') {
    const reason = nodeModulesProblem(
      readJson(join(root, 'package-lock.json')) ?? {},
      readJson(join(root, 'node_modules', '.package-lock.json')),
    );
    return reason ? { state: 'missing', reason } : { state: 'ready', reason: '' };
  }
  if (env[item.envVar]) return { state: 'provided', reason: `${item.envVar} is set` };
  const tools = toolsDir(root);
  if (item.kind === 'apt') {
    const found =
      isExecutable(join(tools, 'bin', item.command)) ||
      onPath(item.command, env.PATH) !== undefined;
    return found
      ? { state: 'ready', reason: '' }
      : { state: 'missing', reason: `${item.command} is not on PATH` };
  }
  if (item.platforms && !item.platforms.includes(platform)) {
    // PyPI has none for this platform: one the person installed on PATH will do.
    const found = onPath(basename(item.exposeAs), env.PATH);
    if (found) return { state: 'provided', reason: `${found} is on PATH` };
  }
  if (!existsSync(join(tools, installedFile(item)))) {
    return { state: 'missing', reason: `not installed in .tools/${installFolder(item)}` };
  }
  return isExposed(item, tools)
    ? { state: 'ready', reason: '' }
    : { state: 'unlinked', reason: `.tools/${item.exposeAs} is missing or out of date` };
}

/**
 * @param {PypiItem} item
 * @param {string} tools
 */
function isExposed(item, tools) {
  const path = join(tools, item.exposeAs);
  const wanted = exposedEntry(item);
  try {
    if (wanted.type === 'symlink') return readlinkSync(path) === wanted.target;
    return readFileSync(path, 'utf8') === wanted.content && isExecutable(path);
  } catch {
    return false;
  }
}

/**
 * @param {string} path
 * @returns {any}
 */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string} name
 * @param {string | undefined} path  PATH
 */
export function onPath(name, path) {
  return (path ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

/**
 * Whether `python3 -m pip` runs. pip installs with --target, which PEP 668's "externally
 * managed" marker on Debian/Ubuntu's own Python does not refuse.
 * @returns {Machine['python']}
 */
export function probePython() {
  const result = spawnSync('python3', ['-m', 'pip', '--version'], { stdio: 'ignore' });
  if (result.error) return 'none';
  return result.status === 0 ? 'ok' : 'no-pip';
}

/**
 * How apt-get can run: as root, through sudo without a password prompt, or not at all.
 * @param {Env} env
 * @returns {Machine['apt']}
 */
export function probeApt(env) {
  if (!onPath('apt-get', env.PATH)) return 'none';
  if (process.getuid?.() === 0) return 'root';
  if (!onPath('sudo', env.PATH)) return 'none';
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? 'sudo' : 'none';
}
