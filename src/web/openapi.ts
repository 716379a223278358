import { z } from 'zod';
import { apiErrorStatus, type ApiErrorCode } from './api-errors.js';
import { apiSchemas, maxSubmitWaitSeconds } from './api-schemas.js';
import { batchOperations } from './batch-openapi.js';
import { pageParameters, targetErrors, type Operation } from './openapi-operation.js';

type SchemaRef = { $ref: string } | Record<string, unknown>;

const ref = (id: string): SchemaRef => ({ $ref: `#/components/schemas/${id}` });

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The cast id returned when it was submitted.',
  schema: { type: 'string' },
};

const runIdParameter = {
  name: 'runId',
  in: 'query',
  required: false,
  description:
    'One run of the cast (a failed cast that is submitted again runs again under the same id). Without it, the latest run.',
  schema: { type: 'string', format: 'uuid' },
};

/** Every JSON route of the app. A test checks this list against the app's own routes. */
export const apiOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/casts',
    operationId: 'submitCast',
    summary: 'Submit a cast',
    description:
      'Starts a cast and returns at once with its id; poll `links.self` until `done`. With `wait`, the answer waits up to that many seconds for the cast to end and then carries its result (200), or comes as without it (202) if it is still running. The same request (data, target, instructions, model) joins the running cast or, once completed, returns its result with 200 without asking the model again; `fresh: true` bypasses that.',
    tag: 'casts',
    parameters: [
      {
        name: 'wait',
        in: 'query',
        required: false,
        description: `Seconds to wait for the cast to end before answering (0 to ${maxSubmitWaitSeconds}; default 0: answer at once).`,
        schema: { type: 'number', minimum: 0, maximum: maxSubmitWaitSeconds, default: 0 },
      },
    ],
    requestBody: 'CastSubmission',
    responses: {
      200: {
        description:
          'The cast is over: a completed cast of the same request (cache hit), or one that ended within `wait` (completed with its result, or failed with its error).',
        schema: 'CastFinished',
      },
      202: {
        description: 'The cast was started (or joined) and is still running; poll links.self.',
        schema: 'CastAccepted',
      },
    },
    errors: [
      'InvalidQuery',
      'InvalidJson',
      'InvalidBody',
      'Forbidden',
      'DataTooLarge',
      'BodyTooLarge',
      'EmptyData',
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
    path: '/api/casts',
    operationId: 'listCasts',
    summary: 'List recent casts, newest first',
    description:
      "From Temporal's visibility store, one call per page: a closed cast's phase is final, an open one reads queued whether or not its model call has started. Read a cast (links.self) for its live phase, attempt and result.",
    tag: 'casts',
    parameters: pageParameters,
    responses: { 200: { description: 'One page of casts.', schema: 'CastPage' } },
    errors: ['InvalidQuery', 'InvalidPageToken', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'get',
    path: '/api/casts/{id}',
    operationId: 'getCast',
    summary: 'Read a cast: its phase, attempt, result or error',
    tag: 'casts',
    parameters: [idParameter, runIdParameter],
    responses: { 200: { description: 'The cast as it is now.', schema: 'CastView' } },
    errors: ['InvalidQuery', 'NotFound', 'Internal', 'TemporalUnavailable'],
  },
  {
    method: 'post',
    path: '/api/casts/{id}/cancel',
    operationId: 'cancelCast',
    summary: 'Cancel a running cast',
    tag: 'casts',
    parameters: [idParameter, runIdParameter],
    responses: { 202: { description: 'Cancellation was requested.', schema: 'CancelAccepted' } },
    errors: [
      'InvalidQuery',
      'NotFound',
      'AlreadyClosed',
      'Forbidden',
      'Internal',
      'TemporalUnavailable',
    ],
  },
  {
    method: 'get',
    path: '/api/types',
    operationId: 'listTypes',
    summary: 'The preset target types and their JSON Schemas',
    tag: 'types',
    responses: { 200: { description: 'The presets.', schema: 'Types' } },
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Whether this process can reach Temporal',
    tag: 'operations',
    responses: {
      200: { description: 'Temporal answers.', schema: 'Health' },
      503: { description: 'Temporal does not answer.', schema: 'Health' },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    summary: 'This document',
    tag: 'operations',
    responses: { 200: { description: 'The OpenAPI 3.1 document.' } },
  },
  ...batchOperations,
];

/** The OpenAPI 3.1 document, built from the same zod schemas that validate the requests. */
export function openApiDocument(version: string): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, Record<string, unknown>> };
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of apiOperations) {
    const responses: Record<string, unknown> = {};
    for (const [status, { description, schema, mediaType }] of Object.entries(op.responses)) {
      responses[status] = {
        description,
        ...(mediaType ? { content: { [mediaType]: { schema: { type: 'string' } } } } : {}),
        ...(schema ? { content: { 'application/json': { schema: ref(schema) } } } : {}),
      };
    }
    // Every route but /health refuses a Host header that is not one of the app's names, and,
    // with tokens configured, a request without one.
    const open = op.path === '/health';
    const errors = open
      ? op.errors
      : [...(op.errors ?? []), 'HostNotAllowed' as const, 'Unauthorized' as const];
    for (const [status, codes] of errorsByStatus(errors ?? [])) {
      responses[String(status)] = {
        description: `Error: ${codes.join(', ')}.`,
        content: { 'application/json': { schema: ref('Error') } },
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      ...(open ? { security: [] } : {}),
      ...(op.parameters ? { parameters: op.parameters } : {}),
      ...(op.requestBody
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(op.requestBody) } },
            },
          }
        : {}),
      ...(op.requestBodies
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                Object.entries(op.requestBodies).map(([type, id]) => [type, { schema: ref(id) }]),
              ),
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'typecast',
      version,
      description:
        'Cast unstructured text into typed data as a durable Temporal workflow. Submit a cast, then poll it until `done`.',
    },
    tags: [
      { name: 'casts', description: 'Submit, read, list and cancel casts.' },
      {
        name: 'batches',
        description: 'Cast every row of a file; follow the progress; download the results.',
      },
      { name: 'types', description: 'Target types.' },
      { name: 'operations', description: 'Health and this document.' },
    ],
    paths,
    // Only when the server has TYPECAST_API_TOKENS; without them every route is open.
    security: [{ bearerAuth: [] }],
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'One of the tokens in the server’s TYPECAST_API_TOKENS, as `Authorization: Bearer <token>`. Servers without tokens ignore it. A 429 answer carries Retry-After.',
        },
      },
    },
  };
}

function errorsByStatus(codes: ApiErrorCode[]): Map<number, ApiErrorCode[]> {
  const grouped = new Map<number, ApiErrorCode[]>();
  for (const code of codes) {
    const status = apiErrorStatus[code];
    grouped.set(status, [...(grouped.get(status) ?? []), code]);
  }
  return grouped;
}
