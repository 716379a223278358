import type { CastErrorInfo } from '../cast/errors.js';
import type { CastPhase, CastState } from '../shared.js';

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

/** What a person or program sees of one cast. */
export interface CastView extends Omit<CastState, 'phase'> {
  id: string;
  runId?: string;
  phase: CastStatus;
  /** True once the run is closed: polling stops. */
  done: boolean;
  /** What the run was asked, as kept in its memo. */
  summary?: CastSummaryInput;
  error?: CastErrorInfo;
  /** While retrying: the retry policy's limit and when the next attempt starts. */
  retry?: { maximumAttempts?: number; nextAttemptAt?: string };
}

/** The part of a cast's input that lists and cards show; a preview, not the whole text. */
export interface CastSummaryInput {
  textPreview: string;
  target: string;
  instructions?: string;
}

export const summaryMemoKey = 'summary';
