import type { BatchTable } from '../rows.js';
import { checkRowText } from './row-text.js';
import { count, fail, type BatchLimits, type Parsed } from './problem.js';
import { recordsTable, type RowValue } from './records-table.js';

/** The non-blank lines of a text with their 1-based line numbers, stopping past the row limit. */
function contentLines(text: string, limits: BatchLimits): Parsed<{ text: string; line: number }[]> {
  const lines: { text: string; line: number }[] = [];
  const all = text.split(/\r?\n/);
  for (const [i, line] of all.entries()) {
    if (line.trim() === '') continue;
    if (lines.length === limits.maxRows) {
      return fail({
        code: 'TooManyRows',
        message: `The file has more than ${count(limits.maxRows)} rows, the limit of one batch. Split it into several files.`,
      });
    }
    lines.push({ text: line, line: i + 1 });
  }
  if (lines.length === 0) {
    return fail({ code: 'EmptyFile', message: 'The file is empty: it has no rows to cast.' });
  }
  return { ok: true, value: lines };
}

/** Plain text: every non-blank line is one row. */
export function textTable(text: string, limits: BatchLimits): Parsed<BatchTable> {
  const lines = contentLines(text, limits);
  if (!lines.ok) return lines;
  for (const [i, { text: line, line: number }] of lines.value.entries()) {
    const problem = checkRowText(line, { row: i + 1, line: number }, limits);
    if (problem) return fail(problem);
  }
  return {
    ok: true,
    value: { format: 'text', columns: ['text'], rows: lines.value.map((l) => ({ text: l.text })) },
  };
}

/** JSON Lines: every non-blank line is one JSON value, an object or a string. */
export function jsonlTable(
  text: string,
  column: string | undefined,
  limits: BatchLimits,
): Parsed<BatchTable> {
  const lines = contentLines(text, limits);
  if (!lines.ok) return lines;
  const items: RowValue[] = [];
  for (const { text: line, line: number } of lines.value) {
    try {
      items.push({ value: JSON.parse(line), line: number });
    } catch (err) {
      return fail({
        code: 'InvalidJsonl',
        message: `Line ${count(number)} is not JSON (${(err as Error).message}); each line of a JSONL file must be one JSON object or string.`,
        line: number,
      });
    }
  }
  return recordsTable(items, column, limits, 'jsonl');
}
