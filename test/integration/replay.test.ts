import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
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
const expected = {
  'cast-cancelled.json': 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
  'cast-completed-after-retry.json': 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  'cast-failed-validation.json': 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
};
const names = Object.keys(expected).sort();

interface HistoryEvent {
  eventType: string;
  activityTaskStartedEventAttributes?: { attempt: number };
  workflowExecutionFailedEventAttributes?: {
    failure: { applicationFailureInfo: { type: string } };
  };
}

describe('recorded histories', () => {
  it('cover each way a cast ends: completed after a retry, failed, cancelled', async () => {
    expect(historyFiles.map((file) => basename(file)).sort()).toEqual(names);
    for (const file of historyFiles) {
      const { history } = await historyFromFile(file);
      const events = (history as { events: HistoryEvent[] }).events;
      expect(events[0]?.eventType, file).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
      expect(events.at(-1)?.eventType, file).toBe(
        expected[basename(file) as keyof typeof expected],
      );
    }
    const events = async (name: string) =>
      ((await historyFromFile(historiesDir + name)).history as { events: HistoryEvent[] }).events;
    const retried = (await events('cast-completed-after-retry.json')).find(
      (e) => e.activityTaskStartedEventAttributes,
    );
    expect(retried?.activityTaskStartedEventAttributes?.attempt).toBe(2);
    const failed = (await events('cast-failed-validation.json')).at(-1);
    expect(
      failed?.workflowExecutionFailedEventAttributes?.failure.applicationFailureInfo.type,
    ).toBe('ValidationFailed');
  });

  it('replay clean against the current workflow code, each by name', async () => {
    const verdicts = await replayHistories(
      { workflowsPath },
      await Promise.all(historyFiles.map(historyFromFile)),
    );
    expect(verdicts.map((v) => v.name).sort()).toEqual(names);
    for (const verdict of verdicts)
      expect(verdict, verdict.name).toEqual({ name: verdict.name, compatible: true });
  });

  it('each fail against a non-deterministic change, with a nondeterminism error', async () => {
    const verdicts = await replayHistories(
      { workflowsPath: changedWorkflow },
      await Promise.all(historyFiles.map(historyFromFile)),
    );
    expect(verdicts.map((v) => v.name).sort()).toEqual(names);
    for (const verdict of verdicts) {
      expect(verdict.compatible, verdict.name).toBe(false);
      expect(verdict.reason, verdict.name).toMatch(/DeterminismViolation|[Nn]ondetermin/);
    }
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
