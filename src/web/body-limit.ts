import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-errors.js';

/**
 * Rejects bodies far beyond what a valid cast could need, before they are read: the data
 * limit is in characters, and a character can take up to 9 bytes once percent-encoded.
 */
export function castBodyLimit(maxDataChars: number) {
  const maxSize = maxDataChars * 9 + 256 * 1024;
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
