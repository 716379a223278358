import { describe, expect, it } from 'vitest';
import {
  clean,
  compare,
  overheadOf,
  type TargetReport,
} from '../../../scripts/bench/report/summary.js';
import type { ScenarioResult } from '../../../scripts/bench/scenario.js';

const noFailures = { count: 0, byKind: {}, examples: [] };

function result(
  name: string,
  perSecond: number,
  p50: number,
  extra: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    name,
    title: name,
    unit: name === 'casts' ? 'casts' : 'runs',
    clients: 2,
    requested: 10,
    completed: 10,
    wallMs: 1_000,
    perSecond,
    latencyMs: { count: 10, p50, p95: p50 * 2, p99: p50 * 3, max: p50 * 4, mean: p50 },
    failures: noFailures,
    processes: [
      { role: 'dev server', pid: 1, cpuMs: 100, cpuMsPerUnit: 10, rssMb: 100, maxRssMb: 120 },
    ],
    ...extra,
  };
}

function target(label: string, scenarios: ScenarioResult[]): TargetReport {
  const byName = Object.fromEntries(scenarios.map((s) => [s.name, s]));
  return {
    label,
    revision: label,
    devServer: { sqlitePragmas: [], journal: 'rollback' },
    nodeFlags: [],
    scriptEnv: {},
    loadAverage: { before: [1, 1, 1], after: [1, 1, 1] },
    scenarios: byName,
    overhead: overheadOf(byName),
  };
}

describe('the summary', () => {
  it('puts the casts against the floor of the same load', () => {
    const overhead = overheadOf({
      floor: result('floor', 20, 500),
      casts: result('casts', 10, 1_000),
    });
    expect(overhead).toEqual({
      throughputOfFloor: 0.5,
      latencyOverFloor: { p50: 2, p95: 2, p99: 2 },
    });
    expect(overheadOf({ casts: result('casts', 10, 1_000) })).toBeUndefined();
  });

  it('compares the figures both checkouts have, this one over the other', () => {
    const ratios = compare(
      target('new', [result('casts', 30, 600)]),
      target('old', [result('casts', 10, 1_200), result('floor', 20, 500)]),
    );
    expect(ratios).toContainEqual({
      metric: 'casts: casts/s',
      candidate: 30,
      baseline: 10,
      ratio: 3,
    });
    expect(ratios).toContainEqual({
      metric: 'casts: p50 ms',
      candidate: 600,
      baseline: 1_200,
      ratio: 0.5,
    });
    expect(ratios.some((r) => r.metric.startsWith('floor'))).toBe(false);
  });

  it('is not clean with a failed or missing cast, and ignores an unsupported mode', () => {
    const report = (scenarios: ScenarioResult[]) =>
      ({ targets: [target('t', scenarios)] }) as unknown as Parameters<typeof clean>[0];
    expect(clean(report([result('casts', 10, 100)]))).toBe(true);
    expect(clean(report([result('casts', 10, 100, { completed: 9 })]))).toBe(false);
    expect(
      clean(report([result('casts', 10, 100, { failures: { ...noFailures, count: 1 } })])),
    ).toBe(false);
    expect(clean(report([result('casts', 0, 0, { unsupported: 'no wait', completed: 0 })]))).toBe(
      true,
    );
  });
});
