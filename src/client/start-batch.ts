import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { BatchManifest } from '../batch/manifest.js';
import { noRows, progressFigures } from '../batch/progress.js';
import type { BatchTable } from '../batch/rows.js';
import type { Target } from '../cast/types.js';
import type { BatchStore } from '../store/batch-store.js';
import {
  batchStateMemoKey,
  batchSummaryMemoKey,
  batchWorkflowType,
  type BatchInput,
  type BatchState,
} from '../workflows/batch-messages.js';
import type { castBatch } from '../workflows/cast-batch.js';
import type { CastActivityOptions } from '../shared.js';
import type { BatchSummary, BatchView } from './batch-view.js';

/** What starting a batch needs: Temporal, the store, and the run's settings. */
export interface BatchStarter {
  client: Client;
  taskQueue: string;
  activity: CastActivityOptions;
  store: BatchStore;
  maxConcurrentRows: number;
  chunkRows: number;
}

export interface BatchSubmission {
  table: BatchTable;
  request: { target: Target; instructions?: string; model: string };
  fresh: boolean;
  filename?: string;
}

export interface StartedBatch {
  id: string;
  runId: string;
}

const maxNameChars = 200;

/**
 * Stores the rows, then starts the `castBatch` run that casts them. Every batch is new: its
 * rows are cached one by one by their cast keys, not as a whole.
 */
export async function startBatch(
  starter: BatchStarter,
  submission: BatchSubmission,
): Promise<StartedBatch> {
  const id = `batch-${randomUUID()}`;
  const { table } = submission;
  const manifest: BatchManifest = {
    id,
    createdAt: new Date().toISOString(),
    total: table.rows.length,
    chunkRows: starter.chunkRows,
    format: table.format,
    columns: table.columns,
    ...(table.column !== undefined ? { column: table.column } : {}),
    ...(submission.filename ? { filename: submission.filename.slice(0, maxNameChars) } : {}),
    request: submission.request,
    fresh: submission.fresh,
    rowsOf: id,
  };
  await starter.store.putBatch(manifest, table.rows);
  return runBatch(starter, manifest);
}

/** Starts the run of a batch whose manifest (and rows) are in the store. */
export async function runBatch(
  { client, taskQueue, activity, maxConcurrentRows }: BatchStarter,
  manifest: BatchManifest,
): Promise<StartedBatch> {
  const input: BatchInput = {
    batchId: manifest.id,
    total: manifest.total,
    chunkRows: manifest.chunkRows,
    maxConcurrentRows,
    activity,
    fresh: manifest.fresh,
  };
  const handle = await client.workflow.start<typeof castBatch>(batchWorkflowType, {
    workflowId: manifest.id,
    taskQueue,
    args: [input],
    memo: {
      [batchSummaryMemoKey]: batchSummary(manifest),
      [batchStateMemoKey]: queuedBatchState(manifest),
    },
  });
  return { id: manifest.id, runId: handle.firstExecutionRunId };
}

export function batchSummary(manifest: BatchManifest): BatchSummary {
  const { request } = manifest;
  return {
    total: manifest.total,
    target: request.target.label.slice(0, maxNameChars),
    model: request.model,
    format: manifest.format,
    ...(manifest.column !== undefined ? { column: manifest.column.slice(0, maxNameChars) } : {}),
    ...(manifest.filename ? { filename: manifest.filename } : {}),
    ...(request.instructions ? { instructions: request.instructions.slice(0, maxNameChars) } : {}),
    fresh: manifest.fresh,
    ...(manifest.retryOf ? { retryOf: manifest.retryOf } : {}),
    createdAt: manifest.createdAt,
  };
}

/**
 * What a reader sees of a batch just started, before its workflow ran: every row waiting. Built
 * from the manifest, so showing it needs neither a query nor a worker.
 */
export function startedBatchView(manifest: BatchManifest, runId: string): BatchView {
  return {
    id: manifest.id,
    runId,
    status: 'running',
    done: false,
    progress: progressFigures(manifest.total, noRows(), 0, 0, true),
    firstFailures: [],
    startedAt: manifest.createdAt,
    summary: batchSummary(manifest),
    // No read has this version: the first wait for a change answers at once.
    version: '',
  };
}

/** The state a reader sees before the workflow ran its first task. */
function queuedBatchState(manifest: BatchManifest): BatchState {
  return {
    phase: 'running',
    total: manifest.total,
    chunks: Math.ceil(manifest.total / manifest.chunkRows),
    chunksDone: 0,
    counts: noRows(),
    runningChunks: [],
    firstFailures: [],
    startedAt: manifest.createdAt,
  };
}
