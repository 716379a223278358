import type { CastRequest } from '../../src/cast/types.js';
import type { CastActivityOptions } from '../../src/shared.js';

/** Short timeouts and retries so failure paths finish in seconds. */
export const fastActivity: CastActivityOptions = {
  startToCloseTimeoutMs: 10_000,
  heartbeatTimeoutMs: 3_000,
  maximumAttempts: 3,
  initialIntervalMs: 200,
  maximumIntervalMs: 1_000,
  backoffCoefficient: 2,
};

let counter = 0;

/** A number[] cast whose text is unique per call, so tests never share a cache entry. */
export function numberListRequest(overrides: Partial<CastRequest> = {}): CastRequest {
  counter += 1;
  return {
    text: `one, TWO, three (#${counter}, ${Date.now()})`,
    target: { label: 'number[]', schema: { type: 'array', items: { type: 'number' } } },
    model: 'test-model',
    ...overrides,
  };
}

export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
