import { recordObject, type InputFormat, type StoredRow } from './rows.js';
import type { BatchRowResult } from './row-result.js';

/** What the results files need to know about the input. */
export interface OutputShape {
  format: InputFormat;
  columns: readonly string[];
}

/**
 * The CSV header: the input's columns, then the value and the error. A file that already has a
 * column named `value` or `error` keeps it; ours get a `cast_` prefix (repeated until unique).
 */
export function csvHeader(shape: OutputShape): string[] {
  return [...shape.columns, ...resultColumns(shape.columns)];
}

function resultColumns(columns: readonly string[]): [string, string] {
  const taken = new Set(columns);
  const free = (name: string) => {
    let candidate = name;
    while (taken.has(candidate)) candidate = `cast_${candidate}`;
    return candidate;
  };
  return [free('value'), free('error')];
}

/** One CSV line's cells: the row's own cells, the value (JSON unless text), the error message. */
export function csvCells(shape: OutputShape, row: StoredRow, result: BatchRowResult): string[] {
  const cells =
    shape.format === 'csv' && Array.isArray(row.record)
      ? row.record
      : shape.columns.map((name) => cellText(recordObject(shape.format, shape.columns, row)[name]));
  const error = result.error ? `${result.error.type}: ${result.error.message}` : '';
  return [...cells, spreadsheetSafe(cellText(result.value)), spreadsheetSafe(error)];
}

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula; the model's answers are not
 * trusted to be harmless, so such a cell gets a leading apostrophe (as OWASP advises), except
 * plain numbers like -3. The input's own cells are the uploader's and are left as they were.
 */
export function spreadsheetSafe(cell: string): string {
  if (!/^[=+\-@\t\r]/.test(cell)) return cell;
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cell)) return cell;
  return `'${cell}`;
}

/** One JSONL line: the row number (from 1), its input record, the value and the error. */
export function jsonlRecord(shape: OutputShape, row: StoredRow, result: BatchRowResult) {
  return {
    row: result.row + 1,
    input: recordObject(shape.format, shape.columns, row),
    value: result.value ?? null,
    error: result.error ?? null,
    ...(result.cached ? { cached: true } : {}),
  };
}

/** Text stays text; numbers and booleans their literal; objects, arrays and null are JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
