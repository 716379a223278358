import type { CaseResult } from './run-cases.js';

export interface Tally {
  cases: number;
  correct: number;
  wrong: number;
  failed: number;
  /** correct / cases; a failure counts against it like a wrong answer. */
  accuracy: number;
}

export interface Summary {
  model: string;
  overall: Tally;
  categories: (Tally & { category: string })[];
  reasks: {
    /** Re-asks over all cases. */
    total: number;
    /** Cases that needed at least one. */
    cases: number;
    /** Cases answered after at least one re-ask, and how many of those were right. */
    answeredAfterReask: number;
    correctAfterReask: number;
  };
  /** Failures by their type (ValidationFailed, ModelTimeout, …), most frequent first. */
  failures: { type: string; count: number }[];
  latencyMs: { p50: number; p95: number; max: number };
  totalTokens: number;
}

/** Everything the table and `--json` show, computed from the per-case results. */
export function summarize(model: string, results: CaseResult[]): Summary {
  const categories = [...new Set(results.map((r) => r.category))].map((category) => ({
    category,
    ...tally(results.filter((r) => r.category === category)),
  }));
  const afterReask = results.filter((r) => r.status !== 'failed' && r.reasks > 0);
  const failureCounts = new Map<string, number>();
  for (const r of results) {
    if (r.status === 'failed') {
      failureCounts.set(r.failureType, (failureCounts.get(r.failureType) ?? 0) + 1);
    }
  }
  const latencies = results.map((r) => r.latencyMs);
  return {
    model,
    overall: tally(results),
    categories,
    reasks: {
      total: results.reduce((sum, r) => sum + r.reasks, 0),
      cases: results.filter((r) => r.reasks > 0).length,
      answeredAfterReask: afterReask.length,
      correctAfterReask: afterReask.filter((r) => r.status === 'correct').length,
    },
    failures: [...failureCounts]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: latencies.length > 0 ? Math.max(...latencies) : 0,
    },
    totalTokens: results.reduce((sum, r) => sum + r.totalTokens, 0),
  };
}

function tally(results: CaseResult[]): Tally {
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  const correct = count('correct');
  return {
    cases: results.length,
    correct,
    wrong: count('wrong'),
    failed: count('failed'),
    accuracy: results.length === 0 ? 0 : correct / results.length,
  };
}

/** Nearest-rank percentile: a value that was actually measured, never an interpolation. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
