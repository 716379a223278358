import './batch-api-schemas.js';
import { pageParameters, targetErrors, type Operation } from './openapi-operation.js';

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The batch id returned when it was submitted.',
  schema: { type: 'string' },
};

const resultsDescription =
  'Streamed in input order: the rows done so far while the batch runs, every row once it is done.';

/** The batch routes of the JSON API (see routes/api-batches.ts), merged into apiOperations. */
export const batchOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/batches',
    operationId: 'submitBatch',
    summary: 'Submit a batch: a file (CSV, JSONL, text) or JSON rows',
    description:
      'Stores the rows and starts a `castBatch` run that casts each row as a single cast would, with the same cache: rows already cast with the same text, target, instructions and model are not asked again (unless `fresh`). Answers at once; follow `links.self`. Bad files are refused with 413 or 422 naming the line, row or column, and nothing is started.',
    tag: 'batches',
    requestBodies: {
      'multipart/form-data': 'BatchUpload',
      'application/json': 'BatchJsonSubmission',
    },
    responses: { 202: { description: 'The batch was started.', schema: 'BatchAccepted' } },
    errors: [
      'InvalidJson',
      'InvalidBody',
      'Forbidden',
      'FileTooLarge',
      'TooManyRows',
      'UnknownFormat',
      'InvalidEncoding',
      'EmptyFile',
      'InvalidCsv',
      'InvalidJsonl',
      'MissingColumn',
      'RowTooLarge',
      'InvalidText',
      'InstructionsTooLong',
      ...targetErrors,
      'RateLimited',
      'Internal',
      'TemporalUnavailable',
    ],
  },
  {
    method: 'get',
    path: '/api/batches',
    operationId: 'listBatches',
    summary: 'List recent batches, newest first',
    tag: 'batches',
    parameters: pageParameters,
    responses: { 200: { description: 'One page of batches.', schema: 'BatchPage' } },
    errors: ['InvalidQuery', 'InvalidPageToken', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'get',
    path: '/api/batches/{id}',
    operationId: 'getBatch',
    summary: 'Read a batch: progress, rate, ETA, first failures',
    tag: 'batches',
    parameters: [
      idParameter,
      {
        name: 'wait',
        in: 'query',
        schema: { type: 'number', minimum: 0, maximum: 25, default: 0 },
        description: 'Seconds to wait for a change from `since` before answering.',
      },
      {
        name: 'since',
        in: 'query',
        schema: { type: 'string' },
        description: 'The `version` of the previous read.',
      },
    ],
    responses: { 200: { description: 'The batch as it is now.', schema: 'BatchView' } },
    errors: ['InvalidQuery', 'NotFound', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'get',
    path: '/api/batches/{id}/results.csv',
    operationId: 'getBatchResultsCsv',
    summary: 'The results as CSV: the input columns, value (JSON unless text) and error',
    description: resultsDescription,
    tag: 'batches',
    parameters: [idParameter],
    responses: { 200: { description: 'CSV with a header row.', mediaType: 'text/csv' } },
    errors: ['NotFound', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'get',
    path: '/api/batches/{id}/results.jsonl',
    operationId: 'getBatchResultsJsonl',
    summary: 'The results as JSON Lines: {row, input, value, error} per row',
    description: resultsDescription,
    tag: 'batches',
    parameters: [idParameter],
    responses: {
      200: { description: 'One JSON object a line.', mediaType: 'application/x-ndjson' },
    },
    errors: ['NotFound', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'post',
    path: '/api/batches/{id}/cancel',
    operationId: 'cancelBatch',
    summary: 'Cancel a running batch; finished rows keep their results',
    tag: 'batches',
    parameters: [idParameter],
    responses: { 202: { description: 'Cancellation was requested.', schema: 'CancelAccepted' } },
    errors: ['NotFound', 'AlreadyClosed', 'Forbidden', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'post',
    path: '/api/batches/{id}/retry',
    operationId: 'retryBatch',
    summary:
      'Retry the failed rows: a new batch over the same rows, the finished ones from the cache',
    tag: 'batches',
    parameters: [idParameter],
    responses: { 202: { description: 'The new batch was started.', schema: 'BatchAccepted' } },
    errors: ['NotFound', 'BatchRunning', 'Forbidden', 'Internal', 'TemporalUnavailable'],
  },
];
