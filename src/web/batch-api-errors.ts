import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BatchInputErrorCode } from '../batch/input/index.js';

/**
 * The batch API's error codes and their statuses, spread into apiErrorStatus: a file over the
 * limits is 413, a file that cannot become rows is 422, naming the line, row or column.
 */
export const batchErrorStatus = {
  FileTooLarge: 413,
  TooManyRows: 413,
  UnknownFormat: 422,
  InvalidEncoding: 422,
  EmptyFile: 422,
  InvalidCsv: 422,
  InvalidJsonl: 422,
  MissingColumn: 422,
  RowTooLarge: 422,
  BatchRunning: 409,
} as const satisfies Record<BatchInputErrorCode, ContentfulStatusCode> &
  Record<string, ContentfulStatusCode>;
