import { defineQuery } from '@temporalio/workflow';
import type { CastErrorInfo } from '../cast/errors.js';
import type { CastRequest, TokenUsage } from '../cast/types.js';

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
}

export const castWorkflowType = 'castData';
export const stateQuery = defineQuery<CastState>('state');
/** Memo key holding the state (without the result, to keep the memo small). */
export const stateMemoKey = 'state';
