import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../scripts/eval/run-cases.js';
import { percentile, summarize } from '../../../scripts/eval/summary.js';
import { renderMisses, renderTable } from '../../../scripts/eval/table.js';

const answered = (
  id: string,
  category: string,
  status: 'correct' | 'wrong',
  extra: Partial<CaseResult> = {},
): CaseResult =>
  ({
    id,
    category,
    status,
    answer: 1,
    latencyMs: 100,
    reasks: 0,
    totalTokens: 10,
    ...extra,
  }) as CaseResult;

type Failed = Extract<CaseResult, { status: 'failed' }>;

const failed = (id: string, category: string, failureType: string, reasks = 0): Failed => ({
  id,
  category,
  status: 'failed',
  failureType,
  message: `${failureType}!`,
  latencyMs: 1000,
  reasks,
  totalTokens: 0,
});

const results: CaseResult[] = [
  answered('a1', 'alpha', 'correct', { latencyMs: 10 }),
  answered('a2', 'alpha', 'wrong', { latencyMs: 20, reasks: 1 }),
  answered('a3', 'alpha', 'correct', { latencyMs: 30, reasks: 2 }),
  failed('b1', 'beta', 'ValidationFailed', 2),
  failed('b2', 'beta', 'ModelTimeout'),
  failed('b3', 'beta', 'ValidationFailed', 2),
  answered('b4', 'beta', 'correct', { latencyMs: 40 }),
];

describe('summarize', () => {
  const summary = summarize('tiny', results);

  it('counts correct, wrong and failed per category and overall; a failure is not correct', () => {
    expect(summary.categories).toEqual([
      { category: 'alpha', cases: 3, correct: 2, wrong: 1, failed: 0, accuracy: 2 / 3 },
      { category: 'beta', cases: 4, correct: 1, wrong: 0, failed: 3, accuracy: 1 / 4 },
    ]);
    expect(summary.overall).toEqual({ cases: 7, correct: 3, wrong: 1, failed: 3, accuracy: 3 / 7 });
  });

  it('counts re-asks, and how many answers they rescued', () => {
    expect(summary.reasks).toEqual({
      total: 7,
      cases: 4,
      answeredAfterReask: 2,
      correctAfterReask: 1,
    });
  });

  it('groups failures by type, most frequent first', () => {
    expect(summary.failures).toEqual([
      { type: 'ValidationFailed', count: 2 },
      { type: 'ModelTimeout', count: 1 },
    ]);
  });

  it('reports latency percentiles over every case, failures included', () => {
    expect(summary.latencyMs).toEqual({ p50: 40, p95: 1000, max: 1000 });
    expect(summary.totalTokens).toBe(40);
  });

  it('is all zeros for no cases', () => {
    expect(summarize('tiny', [])).toMatchObject({
      overall: { cases: 0, correct: 0, accuracy: 0 },
      latencyMs: { p50: 0, p95: 0, max: 0 },
    });
  });
});

describe('percentile', () => {
  it('is a measured value by nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe('renderTable', () => {
  it('shows every category, the overall line and the totals', () => {
    const table = renderTable(summarize('tiny', results));
    const lines = table.split('\n');
    expect(lines[0]).toBe('model tiny');
    expect(lines).toContain('alpha         3        2      1       0       67%');
    expect(lines).toContain('beta          4        1      0       3       25%');
    expect(lines).toContain('overall       7        3      1       3       43%');
    expect(table).toContain('failures  ValidationFailed 2, ModelTimeout 1');
    expect(table).toContain(
      're-asks   7 in 4 case(s); 2 answered after a re-ask, 1 of them correct',
    );
    expect(table).toContain('latency   p50 0.04 s, p95 1.00 s, max 1.00 s per case');
  });
});

describe('renderMisses', () => {
  it('lists what was expected and what came back for each case that was not correct', () => {
    const misses = renderMisses(
      [
        answered('a1', 'alpha', 'correct'),
        answered('a2', 'alpha', 'wrong', { answer: { city: 'Paris' } } as Partial<CaseResult>),
        { ...failed('b1', 'beta', 'ValidationFailed'), rawOutput: '{"value": "x"}' },
      ],
      (id) => ({ a2: { city: 'Rome' }, b1: 3 })[id],
    );
    expect(misses.split('\n')).toEqual([
      'wrong   a2  expected {"city":"Rome"}  got {"city":"Paris"}',
      'failed  b1  expected 3  ValidationFailed  last answer {"value": "x"}',
    ]);
  });
});
