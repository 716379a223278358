import { describe, expect, it } from 'vitest';
import {
  cellText,
  csvCells,
  csvHeader,
  jsonlRecord,
  spreadsheetSafe,
} from '../../../src/batch/output.js';
import { progressFigures } from '../../../src/batch/progress.js';

describe('results files', () => {
  it('the CSV header adds value and error, renaming ours when the input has them', () => {
    expect(csvHeader({ format: 'csv', columns: ['id', 'text'] })).toEqual([
      'id',
      'text',
      'value',
      'error',
    ]);
    expect(csvHeader({ format: 'csv', columns: ['value', 'cast_value', 'error'] })).toEqual([
      'value',
      'cast_value',
      'error',
      'cast_cast_value',
      'cast_error',
    ]);
  });

  it('values are text when text, JSON otherwise; errors are "type: message"', () => {
    const shape = { format: 'csv' as const, columns: ['t'] };
    const row = { text: 'x', record: ['x'] };
    expect(csvCells(shape, row, { row: 0, value: { a: [1, 'b'] } })).toEqual([
      'x',
      '{"a":[1,"b"]}',
      '',
    ]);
    expect(csvCells(shape, row, { row: 0, value: 'plain' })).toEqual(['x', 'plain', '']);
    expect(
      csvCells(shape, row, { row: 0, error: { type: 'ValidationFailed', message: 'no' } }),
    ).toEqual(['x', '', 'ValidationFailed: no']);
    expect([cellText(null), cellText(3), cellText(true), cellText(undefined)]).toEqual([
      'null',
      '3',
      'true',
      '',
    ]);
  });

  it("a model's answer that a spreadsheet would run as a formula is defused; numbers are not", () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(spreadsheetSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(spreadsheetSafe('-3.5')).toBe('-3.5');
    expect(spreadsheetSafe('+1e3')).toBe('+1e3');
    expect(spreadsheetSafe('- item')).toBe("'- item");
  });

  it('JSONL carries the row number from 1, the input as an object, value and error', () => {
    const csv = { format: 'csv' as const, columns: ['id', 't'] };
    expect(
      jsonlRecord(csv, { text: 'a', record: ['1', 'a'] }, { row: 0, value: 1, cached: true }),
    ).toEqual({
      row: 1,
      input: { id: '1', t: 'a' },
      value: 1,
      error: null,
      cached: true,
    });
    const text = { format: 'text' as const, columns: ['text'] };
    expect(
      jsonlRecord(text, { text: 'a' }, { row: 4, error: { type: 'T', message: 'm' } }),
    ).toEqual({
      row: 5,
      input: { text: 'a' },
      value: null,
      error: { type: 'T', message: 'm' },
    });
  });
});

describe('progress figures', () => {
  it('rate over the elapsed time and an ETA while running; none once closed', () => {
    const counts = { succeeded: 30, cached: 10, failed: 10 };
    expect(progressFigures(200, counts, 5, 10_000, true)).toEqual({
      total: 200,
      done: 40,
      succeeded: 30,
      cached: 10,
      failed: 10,
      inFlight: 5,
      remaining: 160,
      rowsPerSecond: 4,
      etaSeconds: 40,
    });
    const closed = progressFigures(200, counts, 5, 10_000, false);
    expect(closed.inFlight).toBe(0);
    expect(closed.etaSeconds).toBeUndefined();
    expect(
      progressFigures(10, { succeeded: 0, cached: 0, failed: 0 }, 0, 0, true).etaSeconds,
    ).toBeUndefined();
  });
});
