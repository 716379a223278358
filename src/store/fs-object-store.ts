import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkKey, type ObjectStore } from './object-store.js';

/**
 * Objects as files under one folder. Writes go to a temporary file renamed into place, so a
 * reader never sees half an object; temporary files start with a dot and are never listed.
 */
export function createFsObjectStore(root: string): ObjectStore {
  const base = resolve(root);
  const made = new Set<string>();
  const pathOf = (key: string) => join(base, ...checkKey(key).split('/'));

  async function ensureDir(dir: string) {
    if (made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    made.add(dir);
  }

  return {
    location: base,
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async put(key, body) {
      const path = pathOf(key);
      const dir = dirname(path);
      await ensureDir(dir);
      const temporary = join(dir, `.tmp-${randomUUID()}`);
      await writeFile(temporary, body);
      await rename(temporary, path);
    },
    async list(prefix) {
      checkKey(prefix, { prefix: true });
      try {
        const names = await readdir(join(base, ...prefix.split('/').filter(Boolean)), {
          withFileTypes: true,
        });
        return names
          .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
          .map((entry) => `${prefix}${entry.name}`);
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
    },
    async delete(keys) {
      await Promise.all(keys.map((key) => rm(pathOf(key), { force: true })));
    },
  };
}

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'ENOENT';
}
