import type { ApiErrorCode } from './api-errors.js';
import { listPageSize } from './api-schemas.js';

/** One route of the JSON API as the OpenAPI document describes it (see openapi.ts). */
export interface Operation {
  method: 'get' | 'post';
  /** OpenAPI path template, e.g. /api/casts/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  parameters?: object[];
  requestBody?: string;
  /** Request bodies by media type, for operations that take more than JSON. */
  requestBodies?: Record<string, string>;
  /** `mediaType` for a response that is not JSON (its schema then describes the text). */
  responses: Record<number, { description: string; schema?: string; mediaType?: string }>;
  /** Error codes this operation may return, grouped by status into the error responses. */
  errors?: ApiErrorCode[];
}

/** What a submission's target can be refused for, by casts and batches alike. */
export const targetErrors: ApiErrorCode[] = [
  'UnknownPreset',
  'InvalidPresetOptions',
  'InvalidTypeExpression',
  'UnsupportedTypeSyntax',
  'InvalidJsonSchema',
  'UnsupportedJsonSchema',
];

/** The query parameters of every list (casts, batches); listedPage (list-query.ts) reads them. */
export const pageParameters: object[] = [
  {
    name: 'pageSize',
    in: 'query',
    schema: {
      type: 'integer',
      minimum: 1,
      maximum: listPageSize.max,
      default: listPageSize.default,
    },
  },
  {
    name: 'pageToken',
    in: 'query',
    schema: { type: 'string' },
    description: 'nextPageToken of the previous page.',
  },
];
