/** Why a row has no value: a stable type (the cast failure types, plus EmptyRow) and a sentence. */
export interface RowError {
  type: string;
  message: string;
}

/** What the store keeps for a finished row. `row` counts from 0; people see it from 1. */
export interface BatchRowResult {
  row: number;
  value?: unknown;
  error?: RowError;
  /** The value came from the result cache, not from the model. */
  cached?: boolean;
}

/** What a row's activity reports to its workflow: small, never the value itself. */
export interface RowStatus {
  outcome: 'succeeded' | 'cached' | 'failed';
  error?: RowError;
}

/** A failed row as progress reports show it (row counted from 1). */
export interface RowFailure {
  row: number;
  type: string;
  message: string;
}

const maxMessageChars = 500;

/** Failure reasons travel through histories and progress reads; a long one is cut. */
export function shortError(error: RowError): RowError {
  return error.message.length > maxMessageChars
    ? { type: error.type, message: `${error.message.slice(0, maxMessageChars - 1)}…` }
    : error;
}

/** A row whose text is empty is failed at once: there is nothing to ask the model. */
export function emptyRowError(): RowError {
  return {
    type: 'EmptyRow',
    message: 'The text of this row is empty, so there is nothing to cast.',
  };
}

export function isEmptyText(text: string): boolean {
  return text.trim() === '';
}

export const maxFirstFailures = 10;

/** The first failures by row number, at most ten: enough to see what went wrong. */
export function firstFailures(...lists: RowFailure[][]): RowFailure[] {
  return lists
    .flat()
    .sort((a, b) => a.row - b.row)
    .slice(0, maxFirstFailures);
}
