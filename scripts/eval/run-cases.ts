import { performance } from 'node:perf_hooks';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { CastErrorInfo } from '../../src/cast/errors.js';
import type { CastOutcome, CastRequest } from '../../src/cast/types.js';
import { prepareCast, type InputLimits } from '../../src/web/cast-input.js';
import type { EvalCase } from './cases.js';
import { isCorrect } from './score.js';

/** Casts one request the way the worker does; the eval passes the real activity here. */
export type Cast = (request: CastRequest) => Promise<CastOutcome>;

interface CaseFacts {
  id: string;
  category: string;
  latencyMs: number;
  /** Re-asks this case used (for a validation failure: all the activity allows). */
  reasks: number;
  totalTokens: number;
}

export type CaseResult = CaseFacts &
  (
    | { status: 'correct' | 'wrong'; answer: unknown }
    | { status: 'failed'; failureType: string; message: string; rawOutput?: string }
  );

export interface RunOptions extends InputLimits {
  cast: Cast;
  /** CAST_MAX_REASKS of the activity, which a validation failure has used up. */
  maxReasks: number;
  concurrency: number;
  onResult?: (result: CaseResult, done: number, total: number) => void;
}

/**
 * Runs every case through `cast` with at most `concurrency` in flight and scores the answers.
 * Targets are resolved first, exactly as the API resolves a submission, so a bad case stops the
 * run before any model call. Results come back in the order of the cases.
 */
export async function runCases(cases: EvalCase[], options: RunOptions): Promise<CaseResult[]> {
  const requests = cases.map((c) => requestOf(c, options));
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < cases.length) {
      const index = next++;
      const result = await runCase(cases[index]!, requests[index]!, options);
      results[index] = result;
      options.onResult?.(result, ++done, cases.length);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency, cases.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

function requestOf(evalCase: EvalCase, limits: InputLimits): CastRequest {
  const prepared = prepareCast(
    {
      data: evalCase.text,
      target: evalCase.target,
      ...(evalCase.instructions !== undefined ? { instructions: evalCase.instructions } : {}),
    },
    limits,
  );
  if (!prepared.ok) {
    const problems = prepared.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new Error(`The eval case "${evalCase.id}" is not a valid cast: ${problems}`);
  }
  return prepared.request;
}

async function runCase(
  evalCase: EvalCase,
  request: CastRequest,
  options: RunOptions,
): Promise<CaseResult> {
  const { id, category } = evalCase;
  const started = performance.now();
  try {
    const outcome = await options.cast(request);
    return {
      id,
      category,
      latencyMs: performance.now() - started,
      reasks: outcome.reasks,
      totalTokens: outcome.usage.totalTokens,
      status: isCorrect(evalCase, outcome.value) ? 'correct' : 'wrong',
      answer: outcome.value,
    };
  } catch (err) {
    const latencyMs = performance.now() - started;
    const failureType = failureTypeOf(err);
    const info =
      err instanceof ApplicationFailure ? (err.details?.[0] as CastErrorInfo) : undefined;
    return {
      id,
      category,
      latencyMs,
      reasks: failureType === 'ValidationFailed' ? options.maxReasks : 0,
      totalTokens: 0,
      status: 'failed',
      failureType,
      message: err instanceof Error ? err.message : String(err),
      ...(info?.rawOutput !== undefined ? { rawOutput: info.rawOutput } : {}),
    };
  }
}

/** The activity's stable failure type (ValidationFailed, ModelTimeout, …), else the error's kind. */
function failureTypeOf(err: unknown): string {
  if (err instanceof ApplicationFailure) return err.type ?? 'ApplicationFailure';
  if (err instanceof CancelledFailure) return 'Cancelled';
  return err instanceof Error ? err.name : 'Error';
}
