import { CsvError, parse } from 'csv-parse/sync';
import type { BatchTable, StoredRow } from '../rows.js';
import { pickColumn } from './pick-column.js';
import { checkRowText } from './row-text.js';
import { count, fail, type BatchLimits, type Parsed } from './problem.js';

interface Record {
  record: string[];
  info: { lines: number };
}

/**
 * A CSV file with a header row: the chosen column is cast, every column is carried through.
 * csv-parse reads it (quotes, embedded newlines, CRLF, a byte-order mark); a row with more or
 * fewer fields than the header is refused with its line, rather than guessed at.
 */
export function csvTable(
  text: string,
  column: string | undefined,
  limits: BatchLimits,
): Parsed<BatchTable> {
  let records: Record[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
      // One record past the limit is enough to know it is over.
      to: limits.maxRows + 2,
    }) as unknown as Record[];
  } catch (err) {
    if (err instanceof CsvError) return fail(csvProblem(err, () => headerLength(text)));
    throw err;
  }
  const [header, ...data] = records;
  if (!header) {
    return fail({
      code: 'EmptyFile',
      message: 'The CSV file is empty: it has no header and no rows.',
    });
  }
  if (data.length === 0) {
    return fail({
      code: 'EmptyFile',
      message: 'The CSV file has a header but no rows. Add the rows to cast below the header.',
    });
  }
  if (data.length > limits.maxRows) {
    return fail({
      code: 'TooManyRows',
      message: `The file has more than ${count(limits.maxRows)} rows, the limit of one batch. Split it into several files.`,
    });
  }
  const columns = header.record;
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) {
      return fail({
        code: 'InvalidCsv',
        message: `The header names the column "${name}" twice; give every column its own name.`,
        line: header.info.lines,
      });
    }
    seen.add(name);
  }
  const picked = pickColumn(columns, column, 'column');
  if (!picked.ok) return picked;
  const index = columns.indexOf(picked.value);

  const rows: StoredRow[] = [];
  for (const [i, { record, info }] of data.entries()) {
    const text = record[index] ?? '';
    const problem = checkRowText(text, { row: i + 1, line: info.lines }, limits);
    if (problem) return fail(problem);
    rows.push({ text, record });
  }
  return { ok: true, value: { format: 'csv', columns, column: picked.value, rows } };
}

/** The header's width, read again on its own (the error of a ragged row does not carry it). */
function headerLength(text: string): number | undefined {
  try {
    const [header] = parse(text, { bom: true, skip_empty_lines: true, to: 1 }) as string[][];
    return header?.length;
  } catch {
    return undefined;
  }
}

function csvProblem(err: CsvError, expectedFields: () => number | undefined) {
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const got = Array.isArray(err.record) ? err.record.length : undefined;
    const expected = expectedFields();
    return {
      code: 'InvalidCsv' as const,
      message:
        `The CSV rows do not all have the same number of fields: line ${line ?? '?'} has ` +
        `${got ?? 'a different number of'} field${got === 1 ? '' : 's'}` +
        `${expected !== undefined ? ` where the header has ${expected}` : ''}. ` +
        'Quote fields that hold commas, and give every row one field per column.',
      ...(line !== undefined ? { line } : {}),
    };
  }
  return {
    code: 'InvalidCsv' as const,
    message: `The file is not valid CSV: ${err.message}.`,
    ...(line !== undefined ? { line } : {}),
  };
}
