import type { BatchTable } from '../rows.js';
import { csvTable } from './csv-table.js';
import { decodeUtf8 } from './decode.js';
import { detectFormat, type FormatHints } from './format.js';
import { jsonlTable, textTable } from './line-tables.js';
import { count, fail, formatSize, type BatchLimits, type Parsed } from './problem.js';
import { recordsTable } from './records-table.js';

export type { BatchInputProblem, BatchInputErrorCode, BatchLimits, Parsed } from './problem.js';
export { batchInputErrorCodes, formatSize } from './problem.js';

export interface FileOptions extends FormatHints {
  column?: string;
}

/**
 * An uploaded file as a table of rows, or the one problem that stops it, in the order a person
 * would fix them: size, format, encoding, shape, column, rows.
 */
export function readBatchFile(
  bytes: Uint8Array,
  options: FileOptions,
  limits: BatchLimits,
): Parsed<BatchTable> {
  if (bytes.length > limits.maxBytes) {
    return fail({
      code: 'FileTooLarge',
      message: `The file is ${formatSize(bytes.length)}; one batch may be at most ${formatSize(limits.maxBytes)}. Split it into several files.`,
    });
  }
  if (bytes.length === 0) {
    return fail({ code: 'EmptyFile', message: 'The file is empty: it has no rows to cast.' });
  }
  const format = detectFormat(options);
  if (!format.ok) return format;
  const text = decodeUtf8(bytes);
  if (!text.ok) return text;
  const column = options.column?.trim() || undefined;
  switch (format.value) {
    case 'csv':
      return csvTable(text.value, column, limits);
    case 'jsonl':
      return jsonlTable(text.value, column, limits);
    case 'text':
      if (column) {
        return fail({
          code: 'MissingColumn',
          message: `A plain-text file has one row per line and no columns, so there is no column "${column}"; leave "column" out.`,
        });
      }
      return textTable(text.value, limits);
  }
}

/** Rows sent as JSON (strings, or objects with the field named by `column`). */
export function readJsonRows(
  rows: unknown[],
  column: string | undefined,
  limits: BatchLimits,
): Parsed<BatchTable> {
  if (rows.length > limits.maxRows) {
    return fail({
      code: 'TooManyRows',
      message: `There are ${count(rows.length)} rows; one batch may hold at most ${count(limits.maxRows)}. Send them in several batches.`,
    });
  }
  return recordsTable(
    rows.map((value) => ({ value })),
    column?.trim() || undefined,
    limits,
    'jsonl',
  );
}
