import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Refuses a body that is not UTF-8 before anything reads it: decoded leniently, its bad bytes
 * would become U+FFFD and be cast as if the person had typed them. A urlencoded form hides its
 * bytes in %XX escapes, which must decode as UTF-8 too. Mount after the body limit.
 */
export function utf8Body(): MiddlewareHandler {
  return async (c, next) => {
    // A copy, so the route still parses the body with its content type; read before decoding,
    // so a body over the limit fails here with its own 413.
    const bytes = await c.req.raw.clone().arrayBuffer();
    let text: string;
    try {
      text = strict.decode(bytes);
    } catch {
      throw new ApiError(
        'InvalidBody',
        'The body is not valid UTF-8: send the text encoded as UTF-8.',
      );
    }
    if (/^application\/x-www-form-urlencoded/i.test(c.req.header('Content-Type') ?? '')) {
      for (const piece of text.split(/[&=]/)) {
        try {
          decodeURIComponent(piece.replaceAll('+', ' '));
        } catch {
          throw new ApiError(
            'InvalidBody',
            'A form field is not valid UTF-8 once its %-escapes are decoded: send the text encoded as UTF-8.',
          );
        }
      }
    }
    return next();
  };
}
