/** Why an input file cannot become a batch; the codes are part of the JSON API. */
export const batchInputErrorCodes = [
  'UnknownFormat',
  'InvalidEncoding',
  'EmptyFile',
  'FileTooLarge',
  'TooManyRows',
  'InvalidCsv',
  'InvalidJsonl',
  'MissingColumn',
  'RowTooLarge',
] as const;

export type BatchInputErrorCode = (typeof batchInputErrorCodes)[number];

export interface BatchInputProblem {
  code: BatchInputErrorCode;
  message: string;
  /** 1-based line of the file where the problem is, when there is one. */
  line?: number;
  /** 1-based data row, when the problem is in one row. */
  row?: number;
  /** The columns or fields the file has, when one was missing. */
  available?: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: BatchInputProblem };

export const fail = (problem: BatchInputProblem): { ok: false; problem: BatchInputProblem } => ({
  ok: false,
  problem,
});

export interface BatchLimits {
  maxRows: number;
  maxBytes: number;
  /** Longest text of one row, as for a single cast. */
  maxTextChars: number;
}

export const count = (n: number) => n.toLocaleString('en');

/** A size as people read it: bytes below a megabyte, then MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1_000_000) return `${count(bytes)} bytes`;
  return `${(bytes / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
}
