import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A checkout the bench starts `npm start` in. */
export interface Checkout {
  root: string;
  /** The revision, short: "abc1234", with "+changes" when the work tree differs from it. */
  revision: string;
  /** How node_modules got there, for the report. */
  install?: string;
  remove(): Promise<void>;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
}

/** This checkout, as it is on disk. */
export async function thisCheckout(root: string): Promise<Checkout> {
  const head = await git(root, 'rev-parse', '--short', 'HEAD');
  const dirty = (await git(root, 'status', '--porcelain', '--untracked-files=no')) !== '';
  return { root, revision: dirty ? `${head}+changes` : head, remove: async () => undefined };
}

/**
 * REV in a temporary git worktree under `dir`, with its own node_modules: a hard-linked copy of
 * ours when its package-lock.json is the same (seconds, no network), `npm ci` otherwise.
 */
export async function checkoutOf(
  root: string,
  rev: string,
  dir: string,
  progress: (message: string) => void,
): Promise<Checkout> {
  const commit = await git(root, 'rev-parse', '--verify', `${rev}^{commit}`).catch(() => {
    throw new Error(`--compare ${rev}: not a revision of this repository`);
  });
  const path = join(dir, 'compare-checkout');
  await git(root, 'worktree', 'add', '--detach', path, commit);
  const remove = async () => {
    await git(root, 'worktree', 'remove', '--force', path).catch(() => undefined);
    await git(root, 'worktree', 'prune').catch(() => undefined);
  };
  try {
    const [theirs, ours] = await Promise.all([
      readFile(join(path, 'package-lock.json'), 'utf8').catch(() => ''),
      readFile(join(root, 'package-lock.json'), 'utf8'),
    ]);
    const sameDevice = (await stat(join(root, 'node_modules'))).dev === (await stat(path)).dev;
    let install: string;
    if (theirs === ours && sameDevice) {
      progress(`${rev}: same package-lock.json, hard-linking node_modules`);
      await run('cp', ['-al', join(root, 'node_modules'), join(path, 'node_modules')]);
      install = 'hard-linked copy of this checkout’s node_modules';
    } else {
      progress(`${rev}: npm ci (its package-lock.json differs) …`);
      await run('npm', ['ci', '--no-audit', '--no-fund'], {
        cwd: path,
        maxBuffer: 64 * 1024 * 1024,
      });
      install = 'npm ci';
    }
    return {
      root: path,
      revision: await git(root, 'rev-parse', '--short', commit),
      install,
      remove,
    };
  } catch (err) {
    await remove();
    throw err;
  }
}
