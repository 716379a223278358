import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-errors.js';

/**
 * Rejects bodies far beyond what a valid cast could need, before they are read: the data
 * limit is in characters (code points), and one takes up to 12 bytes once percent-encoded
 * (4 UTF-8 bytes, each as %XX) or JSON-escaped (a surrogate pair as two \uXXXX).
 */
export function castBodyLimit(maxDataChars: number) {
  const maxSize = maxDataChars * 12 + 256 * 1024;
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
