import { count, fail, type Parsed } from './problem.js';

const newline = 0x0a;

/**
 * The file's bytes as text, or InvalidEncoding naming the first line that is not UTF-8. A UTF-8
 * byte-order mark is dropped; UTF-16 files are named as such, since that is the usual mistake.
 */
export function decodeUtf8(bytes: Uint8Array): Parsed<string> {
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Reported below with its line.
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail({
      code: 'InvalidEncoding',
      message:
        'The file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet) and upload it again.',
    });
  }
  const line = firstInvalidLine(bytes);
  return fail({
    code: 'InvalidEncoding',
    message: `The file is not UTF-8 text: line ${count(line)} holds bytes that are not UTF-8 (a Latin-1 or Windows-1252 export?). Save it as UTF-8 and upload it again.`,
    line,
  });
}

/** The newline byte never occurs inside a multi-byte UTF-8 sequence, so lines check alone. */
function firstInvalidLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(newline, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return 1;
}
