import { defineQuery } from '@temporalio/workflow';
import type { CastErrorInfo } from './cast/errors.js';
import type { CastRequest, TokenUsage } from './cast/types.js';

/*
 * The contract of the castData workflow, shared by the workflow, the client that starts and
 * reads it, and the configuration that sets its activity options: its name, input, state, query
 * and memo. Both sides import it, so neither guesses a name; it runs in the workflow sandbox too.
 */

export type CastPhase = 'queued' | 'casting' | 'retrying' | 'completed' | 'failed' | 'cancelled';

/** The one state object of a cast: answered by the `state` query and mirrored in the memo. */
export interface CastState {
  phase: CastPhase;
  /** Attempt of the model activity; the workflow only sees the first, reads fill in retries. */
  attempt: number;
  lastError?: CastErrorInfo;
  result?: unknown;
  error?: CastErrorInfo;
  model: string;
  target: string;
  usage?: TokenUsage;
  reasks?: number;
  timings: { queuedAt: string; startedAt?: string; finishedAt?: string; durationMs?: number };
}

/** Activity timeouts and retry policy, decided by configuration and fixed for the run. */
export interface CastActivityOptions {
  startToCloseTimeoutMs: number;
  heartbeatTimeoutMs: number;
  maximumAttempts: number;
  initialIntervalMs: number;
  maximumIntervalMs: number;
  backoffCoefficient: number;
}

export interface CastInput {
  request: CastRequest;
  activity: CastActivityOptions;
  /**
   * A completed run's status and result say everything, so it need not write its memo again as
   * it closes: one event and one visibility write less per successful cast (decision 0026). A
   * failed or cancelled run still writes its final phase, so a list of failures shows their
   * errors. Set by every start since; runs started before lack it and replay as they ran (an
   * input, not `patched()`, whose marker would be an event per run again).
   */
  completedLeavesMemo?: boolean;
  /**
   * The model call, once scheduled, is in the run's description (its pending activity, then a
   * history past the first workflow task), so a run need not write "casting" into its memo
   * either: another event and visibility write less per cast (decision 0028). Readers of the
   * description see the live phase; a list from visibility sees an open run as queued. Set by
   * every start since; runs started before lack it and replay as they ran.
   */
  castingLeavesMemo?: boolean;
}

/** The state of a cast before anything ran: the client's memo and the workflow's first state. */
export function queuedState(request: CastRequest, queuedAt: Date): CastState {
  return {
    phase: 'queued',
    attempt: 0,
    model: request.model,
    target: request.target.label,
    timings: { queuedAt: queuedAt.toISOString() },
  };
}

export const castWorkflowType = 'castData';
export const stateQuery = defineQuery<CastState>('state');
/** Memo key holding the state (without the result, to keep the memo small). */
export const stateMemoKey = 'state';

/**
 * What the run was asked, as lists and cards show it: kept in the memo by whoever starts the
 * run. A preview, not the whole text; the target is in the state.
 */
export interface CastInputSummary {
  textPreview: string;
  instructions?: string;
}

/** Memo key holding the input summary. */
export const summaryMemoKey = 'summary';
