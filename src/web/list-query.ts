import type { z } from 'zod';
import { InvalidPageTokenError } from '../client/list-page.js';
import { ApiError } from './api-errors.js';
import { castListQuerySchema, listPageSize } from './api-schemas.js';

export interface PageRequest {
  pageSize: number;
  pageToken?: string;
}

/** zod's issues as the API reports them: where, and what is wrong there. */
export function issueList(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * One page of a list of the JSON API (casts, batches): `pageSize` and `pageToken` checked, and
 * a token this API did not hand out refused with a 400 that says to start again.
 */
export async function listedPage<T>(
  query: Record<string, string>,
  list: (page: PageRequest) => Promise<T>,
): Promise<T> {
  const parsed = castListQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new ApiError(
      'InvalidQuery',
      `pageSize must be a whole number from 1 to ${listPageSize.max}; pageToken a token from an earlier page.`,
      { issues: issueList(parsed.error) },
    );
  }
  const { pageSize, pageToken } = parsed.data;
  try {
    return await list({ pageSize, ...(pageToken ? { pageToken } : {}) });
  } catch (err) {
    if (err instanceof InvalidPageTokenError)
      throw new ApiError(
        'InvalidPageToken',
        'The pageToken is not one this API returned; start again without it.',
      );
    throw err;
  }
}
