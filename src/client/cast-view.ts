import type { CastErrorInfo } from '../cast/errors.js';
import type { CastInputSummary, CastPhase, CastState } from '../shared.js';

/** Every state a reader can see: the workflow's own phases plus how Temporal may close a run. */
export type CastStatus = CastPhase | 'terminated' | 'timed-out' | 'not-found';

export const terminalStatuses: readonly CastStatus[] = [
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timed-out',
  'not-found',
];

/** Whether a cast in this status is over: nothing about it changes any more, polling stops. */
export function isFinal(status: CastStatus): boolean {
  return terminalStatuses.includes(status);
}

/** What lists and cards show of a run's input: its memo's summary, with the target from its state. */
export interface CastSummary extends CastInputSummary {
  target: string;
}

/** What a person or program sees of one cast. */
export interface CastView extends Omit<CastState, 'phase'> {
  id: string;
  runId?: string;
  phase: CastStatus;
  /** True once the cast is over: polling stops. */
  done: boolean;
  /** What the run was asked, as kept in its memo. */
  summary?: CastSummary;
  error?: CastErrorInfo;
  /** While retrying: the retry policy's limit and when the next attempt starts. */
  retry?: { maximumAttempts?: number; nextAttemptAt?: string };
}

export function castSummary(
  input: CastInputSummary | undefined,
  target: string,
): CastSummary | undefined {
  return input ? { ...input, target } : undefined;
}

/**
 * What a card shows that can change while the run is open, as one string: a waiting reader
 * sends it back (`since`) and is answered once it differs.
 */
export function castVersion({ phase, attempt, lastError }: CastView): string {
  return [phase, attempt, lastError?.type ?? ''].join(':');
}
