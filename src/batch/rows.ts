/** How a batch's rows arrived; it decides how their records are read back for the output. */
export type InputFormat = 'csv' | 'jsonl' | 'text';

export const inputFormats: readonly InputFormat[] = ['csv', 'jsonl', 'text'];

/**
 * One row as the store keeps it: the text to cast and, for CSV and JSONL, the record it came
 * from (CSV cells in header order, or the JSONL object), carried through to the results.
 */
export interface StoredRow {
  text: string;
  record?: string[] | Record<string, unknown>;
}

/** A parsed input file: every row, the columns the output carries and the one that is cast. */
export interface BatchTable {
  format: InputFormat;
  /** CSV header, JSONL keys in first-seen order, or `["text"]` for plain text. */
  columns: string[];
  /** The CSV column or JSONL field that is cast; absent for plain text and JSONL strings. */
  column?: string;
  rows: StoredRow[];
}

/** A row's record as an object of its columns, the shape the JSONL output carries. */
export function recordObject(
  format: InputFormat,
  columns: readonly string[],
  row: StoredRow,
): Record<string, unknown> {
  if (format === 'csv' && Array.isArray(row.record)) {
    const cells = row.record;
    return Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? '']));
  }
  if (row.record && !Array.isArray(row.record)) return row.record;
  return { text: row.text };
}
