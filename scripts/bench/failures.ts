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

export function failureLog() {
  const byKind: Record<string, number> = {};
  const examples: string[] = [];
  let count = 0;
  return {
    /** Records an error: a BenchFailure by its kind, an abort as a timeout, else "error". */
    add(err: unknown): void {
      const kind =
        err instanceof BenchFailure
          ? err.kind
          : (err as Error)?.name === 'AbortError'
            ? 'timeout'
            : 'error';
      count++;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      if (examples.length < keptExamples)
        examples.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
    },
    summary: (): FailureSummary => ({ count, byKind: { ...byKind }, examples: [...examples] }),
  };
}
