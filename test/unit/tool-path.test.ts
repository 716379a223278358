import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../scripts/setup/catalogue.mjs';
import { loadConfig } from '../../src/config.js';
import { findTool, toolsDir, toolVariables, type ToolName } from '../../src/local/tool-path.js';

let root: string;
let pathA: string;
let pathB: string;

function executable(dir: string, name: string) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), '#!/bin/sh\n');
  chmodSync(join(dir, name), 0o755);
  return join(dir, name);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'typecast-tools-'));
  pathA = join(root, 'path-a');
  pathB = join(root, 'path-b');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('where a tool is found', () => {
  it('looks at its variable, then .tools/bin, then PATH in order', () => {
    const checkout = join(root, 'checkout');
    const path = [pathA, pathB].join(delimiter);
    const lookup = (env: Record<string, string>) => findTool('hadolint', { env, root: checkout });

    expect(lookup({ PATH: path })).toBeUndefined();
    const onPathB = executable(pathB, 'hadolint');
    expect(lookup({ PATH: path })).toBe(onPathB);
    const onPathA = executable(pathA, 'hadolint');
    expect(lookup({ PATH: path })).toBe(onPathA);
    const pinned = executable(join(toolsDir(checkout), 'bin'), 'hadolint');
    expect(lookup({ PATH: path })).toBe(pinned);
    expect(lookup({ PATH: path, HADOLINT: '/opt/hadolint' })).toBe('/opt/hadolint');
  });

  it('skips files that are not executable', () => {
    const checkout = join(root, 'checkout-2');
    mkdirSync(join(toolsDir(checkout), 'bin'), { recursive: true });
    writeFileSync(join(toolsDir(checkout), 'bin', 'shellcheck'), '');
    expect(findTool('shellcheck', { env: { PATH: '' }, root: checkout })).toBeUndefined();
  });

  it('is where the set-up puts each tool, under the same variable', () => {
    const checkout = join(root, 'checkout-3');
    for (const item of catalogue) {
      if (item.kind === 'npm' || item.id === 'model') continue;
      const name = item.id as ToolName;
      expect(toolVariables[name], item.id).toBe(item.envVar);
      if (item.kind === 'apt') continue;
      const placed = executable(join(toolsDir(checkout), 'bin'), name);
      expect(item.exposeAs).toBe(`bin/${name}`);
      expect(findTool(name, { env: { PATH: '' }, root: checkout })).toBe(placed);
    }
  });

  it('is where npm start looks for the temporal CLI', () => {
    const isolated = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };
    expect(loadConfig({ ...isolated, TEMPORAL_CLI: '/opt/temporal' }).local.temporalCli).toBe(
      '/opt/temporal',
    );
    // Without the variable: this checkout's .tools/bin/temporal once set up, else PATH.
    const onPath = executable(join(root, 'path-temporal'), 'temporal');
    expect(
      loadConfig({ ...isolated, PATH: join(root, 'path-temporal') }).local.temporalCli,
    ).toBeOneOf([join(toolsDir(), 'bin', 'temporal'), onPath]);
  });
});
