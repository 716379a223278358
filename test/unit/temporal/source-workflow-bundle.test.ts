import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourcesKey, sourceWorkflowBundle } from '../../../src/temporal/source-workflow-bundle.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/** A checkout whose build script writes a bundle naming the run it came from, or fails. */
async function fakeCheckout(buildScript: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'typecast-bundle-'));
  await mkdir(join(root, 'src', 'workflows'), { recursive: true });
  await mkdir(join(root, 'scripts'));
  await writeFile(join(root, 'src', 'workflows', 'index.ts'), 'export const a = 1;\n');
  await writeFile(join(root, 'package-lock.json'), '{}\n');
  await writeFile(join(root, 'scripts', 'build-workflow-bundle.ts'), buildScript);
  return root;
}

const writesBundle = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2] + '/workflow-bundle.js', 'built ' + process.pid);
`;

describe('the workflow bundle of a run from source', () => {
  it('is built once for a version of the sources, and again when they change', async () => {
    const root = await fakeCheckout(writesBundle);
    const cache = { root, dir: join(root, 'cache') };
    const first = await sourceWorkflowBundle(cache);
    const built = await readFile(first, 'utf8');
    expect(built).toMatch(/^built \d+$/);

    // Same sources: the same file, not built again.
    expect(await sourceWorkflowBundle(cache)).toBe(first);
    expect(await readFile(first, 'utf8')).toBe(built);

    // A changed source: a new bundle, and the old one is gone.
    await writeFile(join(root, 'src', 'workflows', 'index.ts'), 'export const a = 2;\n');
    const second = await sourceWorkflowBundle(cache);
    expect(second).not.toBe(first);
    expect(await readFile(second, 'utf8')).not.toBe(built);
    expect(await readdir(cache.dir)).toEqual([second.slice(cache.dir.length + 1)]);
  });

  it('is keyed by every source, the build script and the lockfile', async () => {
    const root = await fakeCheckout(writesBundle);
    const keys = [await sourcesKey(root)];
    await writeFile(join(root, 'src', 'shared.ts'), 'export {};\n');
    keys.push(await sourcesKey(root));
    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
    keys.push(await sourcesKey(root));
    await writeFile(join(root, 'scripts', 'build-workflow-bundle.ts'), `${writesBundle}\n`);
    keys.push(await sourcesKey(root));
    expect(new Set(keys).size).toBe(4);
    // Files that are not sources do not count.
    await writeFile(join(root, 'src', 'notes.md'), 'hello\n');
    expect(await sourcesKey(root)).toBe(keys[3]);
  });

  it('says why when the build fails, and leaves no bundle behind', async () => {
    const root = await fakeCheckout(
      "console.error('cannot resolve ./missing.js'); process.exit(3);",
    );
    const cache = { root, dir: join(root, 'cache') };
    await expect(sourceWorkflowBundle(cache)).rejects.toThrow(
      /building the workflow bundle failed \(exit 3\):\ncannot resolve \.\/missing\.js/,
    );
    expect(await readdir(cache.dir)).toEqual([]);
  });

  it("bundles this checkout's workflows", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'typecast-bundle-cache-'));
    const path = await sourceWorkflowBundle({ root: repo, dir });
    const code = await readFile(path, 'utf8');
    expect(code).toContain('castData');
    expect(code).toContain('castBatch');
    expect((await stat(path)).size).toBeGreaterThan(100_000);
  });
});
