import type { Config } from '../config.js';

/** Where a process reaches Temporal, and the setting that chose that address. */
export interface TemporalTarget {
  address: string;
  setting: Config['temporal']['addressSetting'];
}

export interface TemporalHealthState {
  reachable: boolean;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastFailure?: string;
}

/**
 * What one process knows about its connection to Temporal: every call's outcome is recorded
 * (see fail-fast.ts), and /health, the API's 503 and the page read it, so they agree.
 */
export interface TemporalHealth {
  target: TemporalTarget;
  /** False from a failure to reach the server until the next call it answers. */
  reachable(): boolean;
  state(): TemporalHealthState;
  recordSuccess(): void;
  recordFailure(reason: string): void;
  /** What a person sees while the server does not answer: where, and what to check. */
  unreachableMessage(): string;
}

export interface HealthOptions {
  /** Called when the server stops or starts answering, not on every call. */
  onChange?: (state: TemporalHealthState, health: TemporalHealth) => void;
  now?: () => Date;
}

export function createTemporalHealth(
  target: TemporalTarget,
  { onChange, now = () => new Date() }: HealthOptions = {},
): TemporalHealth {
  const state: TemporalHealthState = { reachable: true };
  const set = (reachable: boolean) => {
    const changed = state.reachable !== reachable;
    state.reachable = reachable;
    if (changed) onChange?.({ ...state }, health);
  };
  const health: TemporalHealth = {
    target,
    reachable: () => state.reachable,
    state: () => ({ ...state }),
    recordSuccess() {
      state.lastSuccessAt = now().toISOString();
      set(true);
    },
    recordFailure(reason) {
      state.lastFailureAt = now().toISOString();
      state.lastFailure = reason;
      set(false);
    },
    unreachableMessage: () => unreachableMessage(target),
  };
  return health;
}

export function unreachableMessage({ address, setting }: TemporalTarget): string {
  return setting === 'TEMPORAL_DEV_PORT'
    ? `Temporal is unreachable: the dev server that npm start runs at ${address} ` +
        `(TEMPORAL_DEV_PORT) does not answer. Restart npm start, or set TEMPORAL_ADDRESS ` +
        `to use another server.`
    : `Temporal is unreachable at ${address}. Check that the server is running and that ` +
        `TEMPORAL_ADDRESS points to it, then try again.`;
}
