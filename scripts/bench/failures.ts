/** Why a cast or a run did not end with its value, counted by kind. */
export interface FailureSummary {
  count: number;
  byKind: Record<string, number>;
  /** The first few messages, to see what went wrong without a debugger. */
  examples: string[];
}

/** A client's cast that ended without its value: the kind groups it in the report. */
export class BenchFailure extends Error {
  override name = 'BenchFailure';
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

const keptExamples = 5;

/** Counts failures; any that comes once the signal has aborted counts as "stopped". */
export function failureLog(signal?: AbortSignal) {
  const byKind: Record<string, number> = {};
  const examples: string[] = [];
  let count = 0;
  return {
    add(err: unknown): void {
      const stopped = signal?.aborted === true;
      const kind = stopped ? 'stopped' : err instanceof BenchFailure ? err.kind : 'error';
      const message = stopped
        ? `the run stopped (${(signal.reason as Error)?.message ?? 'aborted'})`
        : err instanceof Error
          ? err.message
          : String(err);
      count++;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      if (examples.length < keptExamples) examples.push(`${kind}: ${message}`);
    },
    summary: (): FailureSummary => ({ count, byKind: { ...byKind }, examples: [...examples] }),
  };
}
