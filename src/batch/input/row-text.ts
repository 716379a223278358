import { count, type BatchInputProblem, type BatchLimits } from './problem.js';

/** A row's text is held to the single-cast limit; the whole file is refused over one long row. */
export function checkRowText(
  text: string,
  where: { row: number; line?: number },
  limits: BatchLimits,
): BatchInputProblem | undefined {
  if (text.length <= limits.maxTextChars) return undefined;
  const line = where.line !== undefined ? ` (line ${count(where.line)})` : '';
  return {
    code: 'RowTooLarge',
    message: `Row ${count(where.row)}${line} is ${count(text.length)} characters long; one row may hold at most ${count(limits.maxTextChars)}.`,
    row: where.row,
    ...(where.line !== undefined ? { line: where.line } : {}),
  };
}
