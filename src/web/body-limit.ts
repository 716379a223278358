import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-errors.js';

/**
 * The most bytes one character of data can take in a body: the data limit is in characters
 * (code points), and one takes up to 12 bytes once percent-encoded (4 UTF-8 bytes, each as %XX)
 * or JSON-escaped (a surrogate pair as two \uXXXX).
 */
const maxBytesPerChar = 12;

/** Room for everything but the data: the target, the instructions, the field names. */
const otherFieldsBytes = 256 * 1024;

/** Rejects bodies far beyond what a valid cast could need, before they are read. */
export function castBodyLimit(maxDataChars: number) {
  const maxSize = maxDataChars * maxBytesPerChar + otherFieldsBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(
        'BodyTooLarge',
        `The request body is over ${Math.round(maxSize / 1024)} KiB; the data may hold at most ${maxDataChars.toLocaleString('en')} characters.`,
        { maxBytes: maxSize },
      );
    },
  });
}
