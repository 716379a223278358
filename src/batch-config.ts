import { join } from 'node:path';
import { z } from 'zod';
import type { BatchLimits } from './batch/input/index.js';

/** Where the claim-check store keeps batches: a folder (default) or an S3-compatible bucket. */
export type BatchStoreConfig =
  | { kind: 'folder'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
    };

export interface BatchConfig {
  limits: BatchLimits;
  /** Rows cast at once across the whole batch (each is one activity on the task queue). */
  maxConcurrentRows: number;
  /** Rows per stored chunk and per child workflow. */
  chunkRows: number;
  store: BatchStoreConfig;
}

const whole = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** The batch settings of the environment; merged into config.ts's schema. */
export const batchEnvShape = {
  BATCH_MAX_ROWS: whole(100_000, 1, 1_000_000),
  BATCH_MAX_FILE_MB: z.coerce.number().positive().max(1_000).default(20),
  // Temporal refuses more than 2,000 pending activities in one workflow; a chunk holds at most
  // half of the rows in flight, so 2,000 here stays well inside that.
  BATCH_MAX_CONCURRENT_ROWS: whole(50, 1, 2_000),
  BATCH_CHUNK_ROWS: whole(500, 1, 2_000),
  BATCH_STORE_DIR: z.string().min(1).optional(),
  BATCH_S3_BUCKET: z.string().min(3).optional(),
  BATCH_S3_PREFIX: z
    .string()
    .regex(/^([\w][\w.-]*\/)*([\w][\w.-]*)?$/, 'a key prefix such as typecast/batches')
    .default('typecast/'),
  BATCH_S3_REGION: z.string().min(1).optional(),
  BATCH_S3_ENDPOINT: z.url().optional(),
  BATCH_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
};

type BatchEnv = z.infer<z.ZodObject<typeof batchEnvShape>> & {
  CAST_MAX_DATA_CHARS: number;
  TYPECAST_DATA_DIR: string;
};

export function batchConfig(e: BatchEnv, env: Record<string, string | undefined>): BatchConfig {
  const prefix =
    e.BATCH_S3_PREFIX && !e.BATCH_S3_PREFIX.endsWith('/')
      ? `${e.BATCH_S3_PREFIX}/`
      : e.BATCH_S3_PREFIX;
  return {
    limits: {
      maxRows: e.BATCH_MAX_ROWS,
      maxBytes: Math.round(e.BATCH_MAX_FILE_MB * 1_000_000),
      maxTextChars: e.CAST_MAX_DATA_CHARS,
    },
    maxConcurrentRows: e.BATCH_MAX_CONCURRENT_ROWS,
    chunkRows: e.BATCH_CHUNK_ROWS,
    store: e.BATCH_S3_BUCKET
      ? {
          kind: 's3',
          bucket: e.BATCH_S3_BUCKET,
          prefix,
          region: e.BATCH_S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
          ...(e.BATCH_S3_ENDPOINT ? { endpoint: e.BATCH_S3_ENDPOINT } : {}),
          forcePathStyle: e.BATCH_S3_FORCE_PATH_STYLE,
        }
      : { kind: 'folder', dir: e.BATCH_STORE_DIR ?? join(e.TYPECAST_DATA_DIR, 'batches') },
  };
}

/** Where batches are kept, for start-up logs: web and workers must name the same place. */
export function batchStoreLocation(store: BatchStoreConfig): string {
  return store.kind === 'folder' ? store.dir : `s3://${store.bucket}/${store.prefix}`;
}
