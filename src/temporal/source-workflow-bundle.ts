import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const buildScript = join('scripts', 'build-workflow-bundle.ts');
const buildTimeoutMs = 180_000;

export interface BundleCache {
  /** The checkout whose src/ is bundled. */
  root: string;
  /** Where bundles are kept, one per version of the sources. */
  dir: string;
}

const defaultCache: BundleCache = { root, dir: join(root, 'node_modules', '.cache', 'typecast') };

/**
 * Run from source, the worker loads a workflow bundle built in a child process and kept until
 * the sources change. Bundling with webpack inside the worker's own process, as the SDK does
 * from `workflowsPath`, leaves about 100 MB behind in its heap for as long as it runs.
 */
export async function sourceWorkflowBundle(cache: BundleCache = defaultCache): Promise<string> {
  const path = join(cache.dir, `workflow-bundle-${await sourcesKey(cache.root)}.js`);
  if (existsSync(path)) return path;
  await mkdir(cache.dir, { recursive: true });
  const building = await mkdtemp(join(cache.dir, 'building-'));
  try {
    await runBuild(cache.root, building);
    // Atomic: a worker starting alongside sees no bundle or a whole one.
    await rename(join(building, 'workflow-bundle.js'), path);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  await removeOlderBundles(cache.dir, path);
  return path;
}

/**
 * What the bundle is built from: every source file (the workflows import shared modules from
 * all over src/), the build script and the lockfile (the SDK's workflow runtime). Hashing a few
 * hundred small files takes milliseconds.
 */
export async function sourcesKey(checkout: string): Promise<string> {
  const sources = (await readdir(join(checkout, 'src'), { recursive: true, encoding: 'utf8' }))
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join('src', file))
    .sort();
  const hash = createHash('sha256');
  for (const file of [...sources, buildScript, 'package-lock.json']) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(join(checkout, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

function runBuild(checkout: string, outDir: string): Promise<void> {
  // This app's own tsx, wherever the checkout being bundled is: resolved here, as a production
  // install (which never builds from source) has none.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, join(checkout, buildScript), outDir], {
      cwd: checkout,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: buildTimeoutMs,
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `building the workflow bundle failed (${signal ?? `exit ${code}`}):\n${output.trim()}`,
          ),
        );
    });
  });
}

async function removeOlderBundles(dir: string, current: string): Promise<void> {
  for (const file of await readdir(dir)) {
    const path = join(dir, file);
    if (/^workflow-bundle-\w+\.js$/.test(file) && path !== current) await rm(path, { force: true });
  }
}
