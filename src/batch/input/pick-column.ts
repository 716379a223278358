import { fail, type Parsed } from './problem.js';

/** The column to cast: the one named, or the only one there is. */
export function pickColumn(
  columns: readonly string[],
  wanted: string | undefined,
  noun: 'column' | 'field',
): Parsed<string> {
  const list = columns.map((c) => JSON.stringify(c)).join(', ');
  if (wanted !== undefined && wanted !== '') {
    if (columns.includes(wanted)) return { ok: true, value: wanted };
    return fail({
      code: 'MissingColumn',
      message: `The file has no ${noun} "${wanted}"; it has ${list}.`,
      available: [...columns],
    });
  }
  if (columns.length === 1) return { ok: true, value: columns[0]! };
  return fail({
    code: 'MissingColumn',
    message: `Say which ${noun} to cast with "column": the file has ${list}.`,
    available: [...columns],
  });
}
