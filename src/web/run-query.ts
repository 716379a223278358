import type { Context } from 'hono';
import { ApiError } from './api-errors.js';
import { castRunQuerySchema } from './api-schemas.js';

/** The run a request names in its query (`?runId=`), or undefined for the latest run. */
export function runIdQuery(c: Context): string | undefined {
  const query = castRunQuerySchema.safeParse(c.req.query());
  if (!query.success) {
    throw new ApiError(
      'InvalidQuery',
      'runId must be the run id of a cast, as returned when it was submitted or listed.',
      { runId: c.req.query('runId') ?? null },
    );
  }
  return query.data.runId;
}
