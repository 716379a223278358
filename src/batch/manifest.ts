import type { Target } from '../cast/types.js';
import type { InputFormat } from './rows.js';

/**
 * Everything about a batch that does not change once it is started, kept beside its rows in
 * the store: workflows carry only the batch id, activities read the rest from here.
 */
export interface BatchManifest {
  id: string;
  createdAt: string;
  total: number;
  chunkRows: number;
  format: InputFormat;
  columns: string[];
  column?: string;
  filename?: string;
  /** The cast of every row, less its text. */
  request: { target: Target; instructions?: string; model: string };
  /** Ask the model even for rows in the result cache. */
  fresh: boolean;
  /** The batch whose stored rows these are: itself, or the source of a retry. */
  rowsOf: string;
  /** The batch this one retries. */
  retryOf?: string;
}

const batchIdPattern = /^batch-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Batch ids are made by this app; anything else is refused before it reaches a path or a key. */
export function isBatchId(id: string): boolean {
  return batchIdPattern.test(id);
}
