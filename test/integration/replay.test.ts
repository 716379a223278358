import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { historyFromFile, replayHistories } from '../../src/temporal/replay-histories.js';
import { workflowsPath } from '../support/temporal.js';
import { failureOf } from '../support/command-failure.js';

const historiesDir = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const changedWorkflow = fileURLToPath(
  new URL('../fixtures/changed-workflow/index.ts', import.meta.url),
);
const historyFiles = readdirSync(historiesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => historiesDir + name);

// Histories exported from real runs with `temporal workflow show --output json`: completed
// after a retried 500, failed validation, cancelled mid-call.
describe('recorded histories', () => {
  it('covers each way a cast ends', () => {
    expect(historyFiles.length).toBeGreaterThanOrEqual(3);
  });

  it('replay clean against the current workflow code', async () => {
    const verdicts = await replayHistories(
      { workflowsPath },
      await Promise.all(historyFiles.map(historyFromFile)),
    );
    expect(verdicts.every((v) => v.compatible)).toBe(true);
  });

  it('fail against a non-deterministic change, with a nondeterminism error', async () => {
    const verdicts = await replayHistories(
      { workflowsPath: changedWorkflow },
      await Promise.all(historyFiles.map(historyFromFile)),
    );
    expect(verdicts.map((v) => v.compatible)).toEqual(historyFiles.map(() => false));
    expect(verdicts[0]?.reason).toMatch(/DeterminismViolation|[Nn]ondetermin/);
  });
});

describe('npm run replay', () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/replay.ts', ...args], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });

  it('says the recorded histories are compatible and exits 0', async () => {
    const { stdout } = await run(...historyFiles);
    expect(stdout).toMatch(new RegExp(`All ${historyFiles.length} histories replay`));
  });

  it('names the incompatible history and exits 1 for changed code', async () => {
    const failed = await failureOf(run('--workflows', changedWorkflow, historyFiles[0]!));
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toMatch(/NOT compatible/);
  });
});
