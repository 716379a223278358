import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeCommandOf, npmScriptCommand } from '../../../scripts/bench/app/npm-script.js';

describe('nodeCommandOf', () => {
  it('takes leading assignments as the environment and the rest after node as its arguments', () => {
    expect(
      nodeCommandOf('A_B=2 C=x exec node --heap-growing-percent=10 --import tsx src/start.ts'),
    ).toEqual({
      env: { A_B: '2', C: 'x' },
      flags: ['--heap-growing-percent=10', '--import', 'tsx'],
      program: ['src/start.ts'],
    });
    expect(nodeCommandOf('node dist/web.js --port 1')).toEqual({
      env: {},
      flags: [],
      program: ['dist/web.js', '--port', '1'],
    });
  });

  it('runs an older checkout’s `tsx <file>` as node with the tsx loader', () => {
    expect(nodeCommandOf('tsx src/start.ts')).toEqual({
      env: {},
      flags: ['--import', 'tsx'],
      program: ['src/start.ts'],
    });
  });

  it('refuses what it would have to guess at, naming the script', () => {
    for (const script of [
      'npm run build && node dist/start.js',
      'node "$SCRIPT"',
      'A=$HOME node x.js',
      'exec node',
      'node --import tsx',
      'python3 x.py',
    ]) {
      expect(() => nodeCommandOf(script, 'start'), script).toThrow(
        /the "start" script .* is not of the form \[NAME=value …\] \[exec\] node <args>/,
      );
    }
  });
});

describe('npmScriptCommand', () => {
  it('reads the script from the checkout’s own package.json, and says when it has none', () => {
    const root = mkdtempSync(join(tmpdir(), 'npm-script-'));
    try {
      writeFileSync(
        join(root, 'package.json'),
        JSON.stringify({ scripts: { start: 'X=1 exec node --flag a.js' } }),
      );
      expect(npmScriptCommand(root, 'start')).toEqual({
        env: { X: '1' },
        flags: ['--flag'],
        program: ['a.js'],
      });
      expect(() => npmScriptCommand(root, 'worker')).toThrow(/has no "worker" script/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
