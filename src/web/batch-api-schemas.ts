import { z } from 'zod';
import { inputFormats } from '../batch/rows.js';
import { named, nextPageTokenSchema, targetSpecSchema } from './api-schemas.js';

/**
 * The batch API's bodies, registered with the same registry as the casts' (api-schemas.ts), so
 * they are validated at the edge and documented from one definition.
 */

const instructions = z.string().optional().describe('Extra guidance for the model, for every row.');
const fresh = 'Ask the model even for rows whose cast is in the result cache.';
const column =
  'The CSV column or JSONL field to cast; the other columns are carried through. Optional when there is only one.';

export const batchJsonSubmissionSchema = named(
  z.strictObject({
    rows: z
      .array(z.union([z.string(), z.record(z.string(), z.unknown())]))
      .min(1)
      .describe('The rows: strings to cast, or objects whose `column` field is cast.'),
    column: z.string().optional().describe(column),
    target: targetSpecSchema,
    instructions,
    fresh: z.boolean().optional().describe(fresh),
  }),
  'BatchJsonSubmission',
  'Rows sent as JSON.',
);

export const batchUploadSchema = named(
  z.strictObject({
    file: z
      .file()
      .describe(
        'A CSV file with a header row, a JSONL file, or plain text (one row a line); UTF-8.',
      ),
    format: z
      .enum(inputFormats)
      .optional()
      .describe('csv, jsonl or text; by default from the file name (.csv, .jsonl, .txt) or type.'),
    column: z.string().optional().describe(column),
    target: z
      .string()
      .describe('The target type as JSON, e.g. {"type": "number"} or {"preset": "location"}.'),
    instructions,
    fresh: z.enum(['true', 'false']).optional().describe(fresh),
  }),
  'BatchUpload',
  'A file upload (multipart/form-data).',
);

const rowFailureSchema = named(
  z.object({
    row: z.number().int().describe('The row, counted from 1 (the CSV header is not a row).'),
    type: z.string().describe('A stable failure type, e.g. ValidationFailed, EmptyRow.'),
    message: z.string(),
  }),
  'RowFailure',
);

const batchLinksSchema = named(
  z.object({
    self: z
      .string()
      .describe('GET this for the progress; add ?wait=10&since=<version> to wait for a change.'),
    csv: z
      .string()
      .describe('The results as CSV, in input order (rows done so far while running).'),
    jsonl: z.string().describe('The results as JSON Lines, in input order.'),
    cancel: z.string().describe('POST this to cancel the batch; finished rows keep their results.'),
    retry: z.string().describe('POST this to run the failed (and unfinished) rows again.'),
    ui: z.string().describe('The run in the Temporal Web UI.'),
  }),
  'BatchLinks',
);

export const batchAcceptedSchema = named(
  z.object({
    id: z.string(),
    status: z.literal('running'),
    total: z.number().int().describe('Rows in the batch.'),
    retryOf: z.string().optional().describe('The batch this one retries.'),
    links: batchLinksSchema,
  }),
  'BatchAccepted',
);

const batchStatusSchema = z.enum([
  'running',
  'completed',
  'cancelled',
  'failed',
  'terminated',
  'timed-out',
]);

const batchSummarySchema = named(
  z.object({
    total: z.number().int(),
    target: z.string(),
    model: z.string(),
    format: z.enum(inputFormats),
    column: z.string().optional(),
    filename: z.string().optional(),
    instructions: z.string().optional(),
    fresh: z.boolean(),
    retryOf: z.string().optional(),
    createdAt: z.string(),
  }),
  'BatchSummary',
  "What the batch was asked: the target's name (not its schema), the instructions' beginning.",
);

export const batchViewSchema = named(
  z.object({
    id: z.string(),
    runId: z.string(),
    status: batchStatusSchema,
    done: z.boolean().describe('True once the run is closed; stop polling.'),
    progress: z.object({
      total: z.number().int(),
      done: z.number().int().describe('Rows with a final outcome (succeeded + failed).'),
      succeeded: z.number().int(),
      cached: z.number().int().describe('Of the succeeded rows, those answered from the cache.'),
      failed: z.number().int(),
      inFlight: z.number().int(),
      remaining: z.number().int(),
      rowsPerSecond: z.number(),
      etaSeconds: z.number().int().optional(),
    }),
    firstFailures: z.array(rowFailureSchema),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    summary: batchSummarySchema,
    error: z.object({ type: z.string(), message: z.string() }).optional(),
    version: z.string().describe('Pass back as `since` to wait for the next change.'),
    links: batchLinksSchema,
  }),
  'BatchView',
);

export const batchReadQuerySchema = z.object({
  // Digits only: Number('') is 0, which would take an empty value for a valid one.
  wait: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional()
    .transform((text) => (text === undefined ? 0 : Number(text)))
    .pipe(z.number().min(0).max(25)),
  since: z.string().optional(),
});

export const batchPageSchema = named(
  z.object({
    batches: z.array(
      z.object({
        id: z.string(),
        runId: z.string(),
        status: batchStatusSchema,
        startTime: z.string().optional(),
        closeTime: z.string().optional(),
        summary: batchSummarySchema.optional(),
        counts: z
          .object({
            total: z.number().int(),
            succeeded: z.number().int(),
            cached: z.number().int(),
            failed: z.number().int(),
          })
          .optional()
          .describe(
            'Rows of the chunks finished so far (every row once the batch is done); GET the batch for live progress.',
          ),
      }),
    ),
    nextPageToken: nextPageTokenSchema,
  }),
  'BatchPage',
);
