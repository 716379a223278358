import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { root } from './tools.js';

const require = createRequire(import.meta.url);
const semver = require('semver') as {
  subset(range: string, superset: string): boolean;
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const engines: string = manifest.engines.node;

describe('Node versions', () => {
  it('promise in package.json only what every locked package supports', () => {
    // `npm ci`, the build and the tests use the dev dependencies too, so all packages count.
    const locked = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
      .filter(([path, pkg]) => path && pkg.engines?.node)
      .map(([path, pkg]) => [path.replace(/^.*node_modules\//, ''), pkg.engines!.node!] as const);
    expect(locked.length).toBeGreaterThan(20);
    const narrower = locked.filter(([, range]) => !semver.subset(engines, range));
    expect(narrower, `engines.node "${engines}" promises more than these support`).toEqual([]);
    // A range with no lower bound promises every old Node; the check above must be able to fail.
    expect(semver.subset('>=20', '>= 20.3.0')).toBe(false);
  });

  it('run the image on a Node major that package.json supports', () => {
    const dockerfile = DockerfileParser.parse(readFileSync(join(root, 'Dockerfile'), 'utf8'));
    const majors = dockerfile
      .getFROMs()
      .filter((from) => from.getImageName() === 'node')
      .map((from) => Number.parseInt(from.getImageTag() ?? '', 10));
    expect(majors.length).toBeGreaterThan(0);
    for (const major of new Set(majors)) {
      expect(semver.satisfies(`${major}.0.0`, engines), `node:${major}`).toBe(true);
    }
    // And the machine running these tests is one of them.
    expect(semver.satisfies(process.versions.node, engines)).toBe(true);
  });
});
