import type { Context } from 'hono';
import { ApiError } from './api-errors.js';

/** A request body that must be JSON: the content type is checked, then the text parsed. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!isJsonType(type)) {
    throw new ApiError(
      'InvalidJson',
      'Send the body as JSON with Content-Type: application/json.',
      {
        contentType: type || null,
      },
    );
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('InvalidJson', `The body is not valid JSON: ${(err as Error).message}`);
  }
}

export function isJsonType(contentType: string): boolean {
  return /^application\/(.+\+)?json\b/i.test(contentType);
}
