/** A mistake in what the person typed: said on stderr, exit code 2, nothing started. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of `npm run cast`. */
export const exitCodes = {
  ok: 0,
  /** The cast failed, or the batch failed or was cancelled. */
  failed: 1,
  usage: 2,
  /** Ctrl-C: the run goes on in Temporal. */
  detached: 130,
} as const;
