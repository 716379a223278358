import { describe, expect, it } from 'vitest';
import { readBatchFile, readJsonRows, type BatchLimits } from '../../../src/batch/input/index.js';

const limits: BatchLimits = { maxRows: 5, maxBytes: 10_000, maxTextChars: 40 };
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string | Uint8Array, options: Parameters<typeof readBatchFile>[1]) =>
  readBatchFile(typeof text === 'string' ? bytes(text) : text, options, limits);

function problem(result: ReturnType<typeof readBatchFile>) {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.value)}`);
  return result.problem;
}

describe('CSV', () => {
  it('casts the chosen column and carries every cell, with quotes, CRLF, a BOM and blank lines', () => {
    const csv = '\ufeffid,text,note\r\n1,"one, two",x\r\n\r\n2,"multi\nline",""\r\n';
    const result = read(csv, { filename: 'rows.csv', column: 'text' });
    expect(result).toEqual({
      ok: true,
      value: {
        format: 'csv',
        columns: ['id', 'text', 'note'],
        column: 'text',
        rows: [
          { text: 'one, two', record: ['1', 'one, two', 'x'] },
          { text: 'multi\nline', record: ['2', 'multi\nline', ''] },
        ],
      },
    });
  });

  it('a file with one column needs no column name', () => {
    const result = read('answer\nyes\nno\n', { format: 'csv' });
    expect(result.ok && result.value.rows.map((r) => r.text)).toEqual(['yes', 'no']);
  });

  it('a ragged row is refused with its line and the field counts', () => {
    const p = problem(read('a,b,c\n1,2,3\n4,5\n', { filename: 'x.csv', column: 'a' }));
    expect(p).toMatchObject({ code: 'InvalidCsv', line: 3 });
    expect(p.message).toContain('line 3 has 2 fields where the header has 3');
  });

  it('an unclosed quote is refused with its line', () => {
    const p = problem(read('a,b\n1,"two\n', { filename: 'x.csv', column: 'a' }));
    expect(p.code).toBe('InvalidCsv');
    expect(p.message).toMatch(/quote/i);
  });

  it('a missing column names the ones there are; several columns need a choice', () => {
    expect(problem(read('id,text\n1,a\n', { filename: 'x.csv', column: 'txt' }))).toMatchObject({
      code: 'MissingColumn',
      message: 'The file has no column "txt"; it has "id", "text".',
      available: ['id', 'text'],
    });
    expect(problem(read('id,text\n1,a\n', { filename: 'x.csv' })).message).toBe(
      'Say which column to cast with "column": the file has "id", "text".',
    );
  });

  it('a header without rows, and a header naming a column twice, are refused', () => {
    expect(problem(read('id,text\n', { filename: 'x.csv' })).code).toBe('EmptyFile');
    expect(problem(read('a,a\n1,2\n', { filename: 'x.csv', column: 'a' }))).toMatchObject({
      code: 'InvalidCsv',
      message: 'The header names the column "a" twice; give every column its own name.',
    });
  });
});

describe('JSONL and JSON rows', () => {
  it('casts the named field, turns numbers and nested JSON into text, carries every field', () => {
    const jsonl =
      '{"id":1,"text":"a"}\n\n{"id":2,"text":42,"extra":true}\n{"id":3,"text":{"x":1}}\n';
    const result = read(jsonl, { filename: 'rows.jsonl', column: 'text' });
    expect(result.ok && result.value).toEqual({
      format: 'jsonl',
      columns: ['id', 'text', 'extra'],
      column: 'text',
      rows: [
        { text: 'a', record: { id: 1, text: 'a' } },
        { text: '42', record: { id: 2, text: 42, extra: true } },
        { text: '{"x":1}', record: { id: 3, text: { x: 1 } } },
      ],
    });
  });

  it('lines of JSON strings are rows of text', () => {
    const result = read('"one"\n"two"\n', { filename: 'rows.ndjson' });
    expect(result.ok && result.value.rows).toEqual([{ text: 'one' }, { text: 'two' }]);
  });

  it('a line that is not JSON, a row that is not an object, a row without the field', () => {
    expect(problem(read('{"t":"a"}\n{oops}\n', { format: 'jsonl', column: 't' }))).toMatchObject({
      code: 'InvalidJsonl',
      line: 2,
    });
    expect(problem(read('{"t":"a"}\n[1]\n', { format: 'jsonl', column: 't' }))).toMatchObject({
      code: 'InvalidJsonl',
      message: 'Row 2 (line 2) is an array; each row must be an object, like the first row.',
    });
    expect(problem(read('{"t":"a"}\n{"u":"b"}\n', { format: 'jsonl', column: 't' }))).toMatchObject(
      {
        code: 'MissingColumn',
        message: 'Row 2 (line 2) has no field "t".',
        row: 2,
      },
    );
  });

  it('JSON rows from the API follow the same rules', () => {
    expect(readJsonRows(['a', 'b'], undefined, limits)).toMatchObject({
      ok: true,
      value: { rows: [{ text: 'a' }, { text: 'b' }] },
    });
    expect(readJsonRows([{ t: 'a' }, 'b'], 't', limits)).toMatchObject({
      ok: false,
      problem: {
        code: 'InvalidJsonl',
        message: 'Row 2 is a string; each row must be an object, like the first row.',
      },
    });
    expect(readJsonRows(['a', 'b', 'c', 'd', 'e', 'f'], undefined, limits)).toMatchObject({
      ok: false,
      problem: { code: 'TooManyRows' },
    });
  });
});

describe('any file', () => {
  it('plain text is one row a line, blank lines skipped; a column makes no sense there', () => {
    const result = read('first\r\n\r\nsecond\n', { filename: 'rows.txt' });
    expect(result.ok && result.value).toEqual({
      format: 'text',
      columns: ['text'],
      rows: [{ text: 'first' }, { text: 'second' }],
    });
    expect(problem(read('a\n', { filename: 'rows.txt', column: 'x' })).code).toBe('MissingColumn');
  });

  it('bytes that are not UTF-8 are refused with the line they are on; UTF-16 is named', () => {
    const latin1 = Uint8Array.from([...bytes('text\nok\ncaf'), 0xe9, ...bytes('\n')]);
    expect(problem(read(latin1, { filename: 'x.csv' }))).toMatchObject({
      code: 'InvalidEncoding',
      line: 3,
    });
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]);
    expect(problem(read(utf16, { filename: 'x.txt' })).message).toMatch(/UTF-16/);
  });

  it('empty files, files over the size and row limits, rows over the text limit', () => {
    expect(problem(read('', { filename: 'x.csv' })).code).toBe('EmptyFile');
    expect(problem(read('\n\n  \n', { filename: 'x.txt' })).code).toBe('EmptyFile');
    expect(problem(read('x'.repeat(10_001), { filename: 'x.txt' })).code).toBe('FileTooLarge');
    expect(problem(read('1\n2\n3\n4\n5\n6\n', { filename: 'x.txt' })).code).toBe('TooManyRows');
    expect(read('1\n2\n3\n4\n5\n', { filename: 'x.txt' }).ok).toBe(true);
    expect(problem(read(`t\nok\n${'y'.repeat(41)}\n`, { filename: 'x.csv' }))).toMatchObject({
      code: 'RowTooLarge',
      row: 2,
      line: 3,
    });
  });

  it('the format comes from the caller, the name or the media type, else it is asked for', () => {
    expect(read('a\n', { filename: 'rows', mediaType: 'text/plain; charset=utf-8' }).ok).toBe(true);
    expect(problem(read('a\n', { filename: 'rows.xlsx' }))).toMatchObject({
      code: 'UnknownFormat',
      message:
        'Cannot tell the format of "rows.xlsx": name it .csv, .jsonl or .txt, or say format=csv, jsonl or text.',
    });
    expect(problem(read('a\n', { format: 'xml' })).code).toBe('UnknownFormat');
  });
});
