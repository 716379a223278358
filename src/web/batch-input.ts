import type { Context } from 'hono';
import type { z } from 'zod';
import {
  readBatchFile,
  readJsonRows,
  type BatchLimits,
  type Parsed,
} from '../batch/input/index.js';
import type { BatchTable } from '../batch/rows.js';
import type { TargetSpec } from '../cast/types.js';
import type { BatchSubmission } from '../client/start-batch.js';
import { ApiError } from './api-errors.js';
import { targetSpecSchema } from './api-schemas.js';
import { batchJsonSubmissionSchema, batchUploadSchema } from './batch-api-schemas.js';
import { firstProblem, prepareCast } from './cast-input.js';
import { isJsonType, readJsonBody } from './json-body.js';

export interface BatchInputDeps {
  limits: BatchLimits;
  model: string;
}

/**
 * A batch request (a multipart upload or JSON rows) checked in the order a person fixes it:
 * the shape, the target and instructions (exactly as for a single cast), then the rows. Any
 * problem is an ApiError; nothing has been stored or started.
 */
export async function readBatchSubmission(
  c: Context,
  deps: BatchInputDeps,
): Promise<BatchSubmission> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data\b/i.test(type)) return readUpload(c, deps);
  if (isJsonType(type)) return readRows(c, deps);
  throw new ApiError(
    'InvalidBody',
    'Send a file as multipart/form-data (fields file, target, column, …) or rows as application/json; see /docs.',
    { contentType: type || null },
  );
}

async function readUpload(c: Context, deps: BatchInputDeps): Promise<BatchSubmission> {
  const body = await c.req.parseBody().catch((err: unknown) => {
    throw new ApiError(
      'InvalidBody',
      `The multipart body cannot be read (${err instanceof Error ? err.message : String(err)}); send it as curl -F does.`,
    );
  });
  const form = batchUploadSchema.safeParse(body);
  if (!form.success) throw invalidBody(form.error, 'The upload lacks a field or has one too many');
  const { file, format, column, instructions } = form.data;
  const target = parseTarget(form.data.target);
  const request = checkRequest(target, instructions, deps);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const table = orProblem(
    readBatchFile(
      bytes,
      { format, filename: file.name, mediaType: file.type, column },
      deps.limits,
    ),
  );
  return {
    table,
    request,
    fresh: form.data.fresh === 'true',
    ...(file.name ? { filename: file.name } : {}),
  };
}

async function readRows(c: Context, deps: BatchInputDeps): Promise<BatchSubmission> {
  const body = batchJsonSubmissionSchema.safeParse(await readJsonBody(c));
  if (!body.success) throw invalidBody(body.error, 'The body does not have the expected shape');
  const { rows, column, target, instructions, fresh } = body.data;
  const request = checkRequest(target, instructions, deps);
  const table = orProblem(readJsonRows(rows, column, deps.limits));
  return { table, request, fresh: fresh ?? false };
}

function parseTarget(text: string): TargetSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ApiError(
      'InvalidBody',
      `The target field must be JSON such as {"type": "number"}: ${(err as Error).message}`,
    );
  }
  const spec = targetSpecSchema.safeParse(json);
  if (!spec.success) throw invalidBody(spec.error, 'The target field is not a target');
  return spec.data;
}

/**
 * The target and instructions are checked by the single cast's own check; the text passed
 * along is a stand-in, since each row's text is checked by the file's reader.
 */
function checkRequest(
  target: TargetSpec,
  instructions: string | undefined,
  deps: BatchInputDeps,
): BatchSubmission['request'] {
  const prepared = prepareCast(
    { data: 'row', target, ...(instructions !== undefined ? { instructions } : {}) },
    { maxDataChars: deps.limits.maxTextChars, model: deps.model },
  );
  if (!prepared.ok) {
    const { code, message, ...details } = firstProblem(prepared.problems);
    throw new ApiError(code, message, details);
  }
  const { text: _text, ...request } = prepared.request;
  return request;
}

function orProblem(parsed: Parsed<BatchTable>): BatchTable {
  if (parsed.ok) return parsed.value;
  const { code, message, ...details } = parsed.problem;
  throw new ApiError(code, message, details);
}

function invalidBody(error: z.ZodError, what: string): ApiError {
  return new ApiError('InvalidBody', `${what}; see /docs.`, {
    issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });
}
