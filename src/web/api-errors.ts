import { status as grpcStatus } from '@grpc/grpc-js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TargetErrorCode } from '../cast/target-error.js';
import { batchErrorStatus } from './batch-api-errors.js';

/**
 * Every error code the web app returns, with its HTTP status. The codes are part of the JSON
 * API (`{ error: { code, message, details } }`) and of the page's field messages, so renaming
 * one is a breaking change. Target codes are the domain's own (src/cast/target-error.ts).
 */
export const apiErrorStatus = {
  InvalidJson: 400,
  InvalidBody: 400,
  InvalidQuery: 400,
  InvalidPageToken: 400,
  InvalidCodecRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  HostNotAllowed: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  AlreadyClosed: 409,
  BodyTooLarge: 413,
  DataTooLarge: 413,
  EmptyData: 422,
  InvalidText: 422,
  InstructionsTooLong: 422,
  UnknownPreset: 422,
  InvalidPresetOptions: 422,
  InvalidTypeExpression: 422,
  UnsupportedTypeSyntax: 422,
  InvalidJsonSchema: 422,
  UnsupportedJsonSchema: 422,
  ...batchErrorStatus,
  RateLimited: 429,
  Internal: 500,
  TemporalUnavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode> &
  Record<TargetErrorCode, ContentfulStatusCode>;

export type ApiErrorCode = keyof typeof apiErrorStatus;
export const apiErrorCodes = Object.keys(apiErrorStatus) as ApiErrorCode[];

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: Record<string, unknown> };
}

/** An error meant for the caller: thrown anywhere in a route, rendered by its app's onError. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ApiErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    if (details) this.details = details;
  }

  get status(): ContentfulStatusCode {
    return apiErrorStatus[this.code];
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** gRPC statuses that mean "the server is not there (in time)". */
const unavailableGrpcCodes = new Set<unknown>([
  grpcStatus.UNAVAILABLE,
  grpcStatus.DEADLINE_EXCEEDED,
]);

/** How deep a cause chain is searched: the SDK wraps a gRPC error once or twice. */
const maxCauseDepth = 5;

/** True when Temporal could not be reached, anywhere along the error's cause chain. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < maxCauseDepth; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && unavailableGrpcCodes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export const temporalUnavailable = (message: string) =>
  new ApiError('TemporalUnavailable', message);
