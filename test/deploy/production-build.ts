import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { root, run } from './tools.js';

// What `npm run build` reads: the sources, the two build scripts, the compiler settings, and the
// installed packages (their types and the workflow bundle's dependencies), named by the lockfile.
const inputs = [
  'src',
  'scripts/build-workflow-bundle.ts',
  'scripts/copy-web-static.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];
const cacheDir = join(root, 'test-output', 'production-build');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/**
 * The production build, as `npm run build` runs it (build.test.ts checks the scripts), into a
 * folder under the repository so package.json's "type": "module" and node_modules resolve as
 * they do in /app. Built once and shared by the deploy tests, and reused by later runs while its
 * inputs are unchanged: a build takes tens of seconds of a 2-core machine.
 */
export async function productionBuild(): Promise<string> {
  const outDir = join(cacheDir, inputsHash());
  const lock = `${outDir}.lock`;
  const deadline = Date.now() + 300_000;
  while (!existsSync(outDir)) {
    if (tryLock(lock)) {
      try {
        if (!existsSync(outDir)) build(outDir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`another test process holds ${lock} for too long`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return outDir;
}

function build(outDir: string) {
  // Older builds are of inputs that no longer exist; the new one appears whole or not at all.
  for (const name of readdirSync(cacheDir)) {
    if (!name.endsWith('.lock')) rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
  const staging = `${outDir}.tmp-${process.pid}`;
  const steps: [string, string[]][] = [
    [bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', staging]],
    [bin('tsx'), ['scripts/copy-web-static.ts', staging]],
    [bin('tsx'), ['scripts/build-workflow-bundle.ts', staging]],
  ];
  for (const [command, args] of steps) {
    const result = run(command, args, { timeoutMs: 240_000 });
    if (result.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    }
  }
  renameSync(staging, outDir);
}

/** Takes the lock by creating it (atomic); a lock left by a process that died is taken over. */
function tryLock(lock: string): boolean {
  mkdirSync(cacheDir, { recursive: true });
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
    if (owner && !isAlive(owner)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const full = join(root, input);
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile())
          .map((entry) => relative(root, join(entry.parentPath, entry.name)))
      : [input];
    for (const file of files.sort())
      hash.update(`${file}\0`).update(readFileSync(join(root, file)));
  }
  return hash.digest('hex').slice(0, 16);
}
