import { z } from 'zod';
import { castErrorTypes } from '../cast/errors.js';
import { terminalStatuses, type CastStatus } from '../client/cast-view.js';
import { apiErrorCodes } from './api-errors.js';

/**
 * The JSON API's bodies, in one place: request schemas validate at the edge, and all of them
 * are the components of the OpenAPI document (see openapi.ts), so the docs cannot drift.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

export const named = <T extends z.ZodType>(schema: T, id: string, description?: string): T => {
  apiSchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
};

export const targetSpecSchema = named(
  z.union([
    z.strictObject({
      preset: z
        .string()
        .min(1)
        .describe('A preset id from GET /api/types, e.g. "number" or "choice".'),
      labels: z
        .array(z.string())
        .optional()
        .describe(
          'The labels to choose among; required by, and only allowed for, the choice presets.',
        ),
    }),
    z.strictObject({
      type: z
        .string()
        .describe(
          'A TypeScript type expression, e.g. "number[]" or "{ city: string; state: string }".',
        ),
    }),
    z.strictObject({
      schema: z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12 subset).'),
    }),
  ]),
  'TargetSpec',
  'The type to cast into: a preset, a TypeScript type expression or a JSON Schema.',
);

export const castSubmissionSchema = named(
  z.strictObject({
    data: z.string().describe('The unstructured text to cast.'),
    target: targetSpecSchema,
    instructions: z.string().optional().describe('Extra guidance for the model.'),
    fresh: z
      .boolean()
      .optional()
      .describe('Ignore a completed cast of the same request and ask the model again.'),
  }),
  'CastSubmission',
);

const castStatusSchema = named(
  z.enum(['queued', 'casting', 'retrying', ...terminalStatuses]),
  'CastStatus',
  'queued, casting and retrying are running; the others are terminal.',
);

const castErrorSchema = named(
  z.object({
    type: z.enum(castErrorTypes).describe('A stable failure type: what happened, in one word.'),
    message: z.string(),
    attempt: z.number().int().optional().describe('The attempt of the model call that failed.'),
    rawOutput: z
      .string()
      .optional()
      .describe("The model's last raw answer (ValidationFailed, OutputTruncated)."),
    issues: z.array(z.string()).optional().describe('Why that answer was rejected.'),
  }),
  'CastError',
);

export const castViewSchema = named(
  z.object({
    id: z.string(),
    runId: z.string().optional(),
    phase: castStatusSchema,
    done: z.boolean().describe('True once the run is closed; stop polling.'),
    attempt: z.number().int(),
    lastError: castErrorSchema
      .optional()
      .describe('Why the previous attempt failed, while retrying.'),
    retry: z
      .object({
        maximumAttempts: z.number().int().optional(),
        nextAttemptAt: z.string().optional().describe('When the next attempt starts.'),
      })
      .optional()
      .describe('While retrying: the attempt limit and when the next attempt starts.'),
    result: z.unknown().optional().describe('The typed value, once completed.'),
    error: castErrorSchema.optional(),
    model: z.string(),
    target: z.string().describe('The target type as a person reads it.'),
    usage: z
      .object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() })
      .optional(),
    reasks: z.number().int().optional(),
    timings: z.object({
      queuedAt: z.string(),
      startedAt: z.string().optional(),
      finishedAt: z.string().optional(),
      durationMs: z.number().optional(),
    }),
    summary: z
      .object({ textPreview: z.string(), target: z.string(), instructions: z.string().optional() })
      .optional(),
  }),
  'CastView',
);

const castLinksSchema = named(
  z.object({
    self: z.string().describe('GET this to poll the run.'),
    cancel: z.string().describe('POST this to cancel the run.'),
    ui: z.string().describe('The run in the Temporal Web UI.'),
  }),
  'CastLinks',
);

const startOutcomeSchema = z
  .enum(['new', 'joined', 'cached'])
  .describe('new: started; joined: the same cast was running; cached: it had completed.');

export const castAcceptedSchema = named(
  z.object({
    id: z.string(),
    runId: z.string().describe('The run this request started, joined or found completed.'),
    status: castStatusSchema,
    outcome: startOutcomeSchema,
    links: castLinksSchema,
  }),
  'CastAccepted',
);

export const castFinishedSchema = named(
  z.object({
    id: z.string(),
    runId: z.string(),
    status: z
      .enum(terminalStatuses.filter((s) => s !== 'not-found') as [CastStatus, ...CastStatus[]])
      .describe('How the cast ended: completed, or failed, cancelled, terminated, timed-out.'),
    outcome: startOutcomeSchema,
    result: z.unknown().optional().describe('The typed value, when completed.'),
    error: castErrorSchema.optional().describe('Why it did not complete, otherwise.'),
    cast: castViewSchema,
    links: castLinksSchema,
  }),
  'CastFinished',
  'A cast that is over: a completed one of the same request (cache hit), or one that ended within `wait`.',
);

/**
 * The longest `wait` of POST /api/casts, as for a batch's read: a request held open longer
 * meets the 30–60 s idle timeouts of proxies.
 */
export const maxSubmitWaitSeconds = 25;

export const castSubmitQuerySchema = z.object({
  wait: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'a number of seconds')
    .transform(Number)
    .pipe(z.number().max(maxSubmitWaitSeconds))
    .optional(),
});

/** How many casts one page of GET /api/casts holds. */
export const listPageSize = { default: 20, max: 100 } as const;

export const castListQuerySchema = z.object({
  pageSize: z.coerce.number().int().min(1).max(listPageSize.max).default(listPageSize.default),
  /** Empty means none, as when a client sends `pageToken=` for the first page. */
  pageToken: z.string().optional(),
});

export const castRunQuerySchema = z.object({
  /** Empty means none: the latest run, as before run ids were part of the API. */
  runId: z
    .union([z.literal(''), z.guid()])
    .optional()
    .transform((runId) => runId || undefined),
});

/** The token of the next page, in every list of this API. */
export const nextPageTokenSchema = z
  .string()
  .optional()
  .describe(
    'Pass back as pageToken; absent on the last page. A run is listed once across the pages of one listing, even when it closes in between, so a page may hold fewer than pageSize.',
  );

export const castPageSchema = named(
  z.object({
    casts: z.array(
      z.object({
        id: z.string(),
        runId: z.string(),
        phase: castStatusSchema,
        startTime: z.string().optional(),
        closeTime: z.string().optional(),
        summary: z
          .object({
            textPreview: z.string(),
            target: z.string(),
            instructions: z.string().optional(),
          })
          .optional(),
      }),
    ),
    nextPageToken: nextPageTokenSchema,
  }),
  'CastPage',
);

export const cancelAcceptedSchema = named(
  z.object({ id: z.string(), status: z.literal('cancel-requested') }),
  'CancelAccepted',
);

export const typesSchema = named(
  z.object({
    presets: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        description: z.string(),
        schema: z.record(z.string(), z.unknown()),
        needsLabels: z.boolean().optional(),
        example: z
          .object({
            data: z.string(),
            labels: z.array(z.string()).optional(),
            instructions: z.string().optional(),
          })
          .optional(),
      }),
    ),
  }),
  'Types',
);

export const healthSchema = named(
  z.object({
    status: z.enum(['ok', 'unavailable']),
    temporal: z.enum(['ok', 'unavailable']),
    message: z.string().optional(),
    lastSuccessAt: z.iso
      .datetime()
      .optional()
      .describe('When Temporal last answered this process.'),
    lastFailureAt: z.iso.datetime().optional().describe('When it last failed to answer.'),
  }),
  'Health',
);

export const errorBodySchema = named(
  z.object({
    error: z.object({
      code: z.enum(apiErrorCodes),
      message: z.string().describe('What went wrong and what to do about it.'),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  'Error',
);
