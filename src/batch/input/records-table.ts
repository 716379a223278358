import type { BatchTable, StoredRow } from '../rows.js';
import { pickColumn } from './pick-column.js';
import { checkRowText } from './row-text.js';
import { count, fail, type BatchInputProblem, type BatchLimits, type Parsed } from './problem.js';

/** A JSON value that is one row: a line of a JSONL file, or an item of the API's `rows`. */
export interface RowValue {
  value: unknown;
  /** The line of the file it came from; absent for the API's rows. */
  line?: number;
}

/**
 * Rows that are all JSON strings (each one is the text) or all JSON objects (the field named
 * by `column` is the text, every field is carried through).
 */
export function recordsTable(
  items: RowValue[],
  column: string | undefined,
  limits: BatchLimits,
  format: 'jsonl' | 'text',
): Parsed<BatchTable> {
  const first = items[0];
  if (!first) return fail({ code: 'EmptyFile', message: 'There are no rows to cast.' });
  if (typeof first.value === 'string') return stringRows(items, column, limits, format);
  if (isRecord(first.value)) return objectRows(items, column, limits, format);
  return fail(notARow(first, 1));
}

function stringRows(
  items: RowValue[],
  column: string | undefined,
  limits: BatchLimits,
  format: 'jsonl' | 'text',
): Parsed<BatchTable> {
  if (column) {
    return fail({
      code: 'MissingColumn',
      message: `The rows are plain strings, so they have no field "${column}"; leave "column" out.`,
    });
  }
  const rows: StoredRow[] = [];
  for (const [i, item] of items.entries()) {
    if (typeof item.value !== 'string')
      return fail(notARow(item, i + 1, 'a string, like the first row'));
    const problem = checkRowText(item.value, { row: i + 1, ...at(item) }, limits);
    if (problem) return fail(problem);
    rows.push({ text: item.value });
  }
  return { ok: true, value: { format, columns: ['text'], rows } };
}

function objectRows(
  items: RowValue[],
  column: string | undefined,
  limits: BatchLimits,
  format: 'jsonl' | 'text',
): Parsed<BatchTable> {
  const keys = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (!isRecord(item.value)) return fail(notARow(item, i + 1, 'an object, like the first row'));
    for (const key of Object.keys(item.value)) keys.add(key);
  }
  const columns = [...keys];
  const picked = pickColumn(columns, column, 'field');
  if (!picked.ok) return picked;
  const field = picked.value;

  const rows: StoredRow[] = [];
  for (const [i, item] of items.entries()) {
    const record = item.value as Record<string, unknown>;
    if (!Object.hasOwn(record, field)) {
      return fail({
        code: 'MissingColumn',
        message: `Row ${count(i + 1)}${lineNote(item)} has no field "${field}".`,
        row: i + 1,
        ...at(item),
      });
    }
    const text = asText(record[field]);
    const problem = checkRowText(text, { row: i + 1, ...at(item) }, limits);
    if (problem) return fail(problem);
    rows.push({ text, record });
  }
  return { ok: true, value: { format, columns, column: field, rows } };
}

/** Numbers and booleans are cast from their text; nested JSON from its JSON text. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notARow(
  item: RowValue,
  row: number,
  expected = 'a JSON object or a string',
): BatchInputProblem {
  const kind = Array.isArray(item.value)
    ? 'an array'
    : item.value === null
      ? 'null'
      : `a ${typeof item.value}`;
  return {
    code: 'InvalidJsonl',
    message: `Row ${count(row)}${lineNote(item)} is ${kind}; each row must be ${expected}.`,
    row,
    ...at(item),
  };
}

const at = (item: RowValue) => (item.line !== undefined ? { line: item.line } : {});
const lineNote = (item: RowValue) => (item.line !== undefined ? ` (line ${count(item.line)})` : '');
