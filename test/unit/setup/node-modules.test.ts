import { describe, expect, it } from 'vitest';
import { nodeModulesProblem } from '../../../scripts/setup/node-modules.mjs';

const lock = {
  packages: {
    '': { name: 'typecast', version: '0.1.0' },
    'node_modules/zod': { version: '4.6.7' },
    'node_modules/a/node_modules/b': { version: '1.0.0' },
    'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', optional: true },
    'node_modules/fsevents': { version: '2.3.3', dev: true, optional: true },
    'node_modules/both': { version: '1.0.0', devOptional: true },
  },
};

/** node_modules/.package-lock.json as npm writes it: the tree without the root entry. */
function installedAsLocked(): { packages: Record<string, { version?: string }> } {
  const { '': _root, ...packages } = lock.packages;
  return { packages: structuredClone(packages) };
}

describe('whether npm ci is needed', () => {
  it('is not when npm installed exactly the lock', () => {
    expect(nodeModulesProblem(lock, installedAsLocked())).toBeUndefined();
  });

  it('is when node_modules has no record of an install', () => {
    expect(nodeModulesProblem(lock, undefined)).toBe('node_modules is missing');
  });

  it('is when a locked package is missing, nested ones included', () => {
    const installed = installedAsLocked();
    delete installed.packages['node_modules/a/node_modules/b'];
    expect(nodeModulesProblem(lock, installed)).toBe('b is not installed');
  });

  it('is when an installed version differs from the locked one', () => {
    const installed = installedAsLocked();
    installed.packages['node_modules/zod'] = { version: '3.0.0' };
    expect(nodeModulesProblem(lock, installed)).toBe('zod is 3.0.0, package-lock.json wants 4.6.7');
  });

  it('lets optional packages be absent (npm skips those for other platforms)', () => {
    const installed = installedAsLocked();
    delete installed.packages['node_modules/@esbuild/darwin-arm64'];
    delete installed.packages['node_modules/fsevents'];
    delete installed.packages['node_modules/both'];
    expect(nodeModulesProblem(lock, installed)).toBeUndefined();
  });

  it('ignores installed packages the lock no longer has', () => {
    const installed = installedAsLocked();
    installed.packages['node_modules/left-over'] = { version: '1.0.0' };
    expect(nodeModulesProblem(lock, installed)).toBeUndefined();
  });
});
