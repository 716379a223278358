import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../scripts/eval/run-cases.js';
import type { Summary } from '../../scripts/eval/summary.js';
import { failureOf } from '../support/command-failure.js';
import { startModelServer, type ModelServer, type ModelStep } from '../support/model-server.js';

// `npm run eval` end to end: the CLI as its own process, the real activity and openai client,
// against the scripted model server, which answers each case by the token in its text.

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = 'scripts/eval/cli.ts';
const casesFile = 'test/fixtures/eval/cases.jsonl';

let server: ModelServer;
const asked = new Map<string, number>();

const replies: Record<string, (attempt: number) => ModelStep> = {
  'zz-right': () => ({ answer: 1, usage: { total_tokens: 30 } }),
  'zz-wrong': () => ({ answer: 2 }),
  'zz-accepted': () => ({ answer: 'new york' }),
  'zz-reask': (attempt) => (attempt === 1 ? { answer: 'four' } : { answer: 4 }),
  'zz-invalid': () => ({ answer: 'five' }),
  'zz-error': () => ({ status: 500 }),
  'zz-choice': () => ({ answer: 'Yes' }),
};

function tokenOf(messages: { content: string }[] = []): string | undefined {
  const text = messages.map((m) => m.content).join('\n');
  return Object.keys(replies).find((token) => text.includes(token));
}

beforeAll(async () => {
  server = await startModelServer();
  server.respondWith((body) => {
    const token = tokenOf(body.messages);
    if (!token) return { status: 400 };
    const attempt = (asked.get(token) ?? 0) + 1;
    asked.set(token, attempt);
    return replies[token]!(attempt);
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  asked.clear();
  server.requests.length = 0;
});

function runEval(...args: string[]) {
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', cli, '--cases', casesFile, ...args],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        OPENAI_API_KEY: 'sk-eval-test',
        OPENAI_BASE_URL: server.url,
        OPENAI_MODEL: 'scripted',
        CAST_MAX_REASKS: '1',
      },
    },
  );
}

describe('npm run eval', () => {
  it('counts right, wrong, accepted, re-asked and failed cases through the real activity', async () => {
    const { stdout } = await runEval('--json', '--concurrency', '3');
    const { summary, cases } = JSON.parse(stdout) as { summary: Summary; cases: CaseResult[] };

    const byId = Object.fromEntries(cases.map((c) => [c.id, c]));
    expect(byId.right).toMatchObject({ status: 'correct', answer: 1, reasks: 0, totalTokens: 30 });
    expect(byId.wrong).toMatchObject({ status: 'wrong', answer: 2 });
    expect(byId.accepted).toMatchObject({ status: 'correct', answer: 'new york' });
    expect(byId.reask).toMatchObject({ status: 'correct', answer: 4, reasks: 1 });
    expect(byId.invalid).toMatchObject({
      status: 'failed',
      failureType: 'ValidationFailed',
      reasks: 1,
      rawOutput: JSON.stringify({ value: 'five' }),
    });
    expect(byId['server-error']).toMatchObject({
      status: 'failed',
      failureType: 'ModelServerError',
    });
    expect(byId.choice).toMatchObject({ status: 'correct', answer: 'Yes' });

    expect(summary.model).toBe('scripted');
    expect(summary.overall).toEqual({ cases: 7, correct: 4, wrong: 1, failed: 2, accuracy: 4 / 7 });
    expect(summary.categories.map((c) => [c.category, c.correct, c.cases])).toEqual([
      ['alpha', 2, 3],
      ['beta', 1, 2],
      ['gamma', 1, 2],
    ]);
    expect(summary.failures).toEqual([
      { type: 'ModelServerError', count: 1 },
      { type: 'ValidationFailed', count: 1 },
    ]);
    expect(summary.reasks).toEqual({
      total: 2,
      cases: 2,
      answeredAfterReask: 1,
      correctAfterReask: 1,
    });
    expect(summary.latencyMs.p95).toBeGreaterThanOrEqual(summary.latencyMs.p50);

    // One request per try: no retries behind the activity's back.
    expect(server.requests).toHaveLength(9);
    // Targets resolve as in the API: the choice's labels reach the model as an enum, and the
    // instructions arrive trimmed.
    const choice = server.requests.find((r) => tokenOf(r.body.messages) === 'zz-choice');
    expect(choice?.body.model).toBe('scripted');
    expect(JSON.stringify(choice?.body.response_format)).toContain('"enum":["Yes","No"]');
    expect(JSON.stringify(choice?.body.messages)).toContain('Did they agree?\\n');
  });

  it('runs only the chosen category and limit, and prints the table with the misses', async () => {
    const { stdout } = await runEval('--category', 'gamma', '--limit', '1', '--misses');

    expect(server.requests.map((r) => tokenOf(r.body.messages))).toEqual(['zz-error']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('model scripted');
    expect(lines).toContain('gamma         1        0      0       1        0%');
    expect(lines).toContain('overall       1        0      0       1        0%');
    expect(stdout).toContain('failures  ModelServerError 1');
    expect(stdout).toMatch(/^failed {2}server-error {2}expected 6 {2}ModelServerError$/m);
  });

  it('stops with a usage error naming the known categories, before asking the model', async () => {
    const failure = await failureOf(runEval('--category', 'money'));

    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(
      'Unknown category money; the cases have: alpha, beta, gamma.',
    );
    expect(server.requests).toHaveLength(0);
  });
});
