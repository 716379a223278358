import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { WorkflowCode } from './workflow-code.js';

export interface ReplaySource {
  /** A file name or a workflow id: what the report names. */
  name: string;
  history: unknown;
}

export interface ReplayVerdict {
  name: string;
  compatible: boolean;
  /** Why not: the SDK's nondeterminism message, or the replay error. */
  reason?: string;
}

/** A history exported with `temporal workflow show --output json` (or the Web UI's download). */
export async function historyFromFile(path: string): Promise<ReplaySource> {
  return {
    name: basename(path),
    // The SDK's replayer accepts the exported JSON form as it is.
    history: JSON.parse(await readFile(path, 'utf8')) as unknown,
  };
}

export async function historyFromServer(client: Client, workflowId: string): Promise<ReplaySource> {
  return { name: workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() };
}

/**
 * Replays each history against the given workflow code; never throws for an incompatible one.
 * Encrypted histories need the data converter with their keys; histories in clear replay with
 * it as well.
 */
export async function replayHistories(
  code: WorkflowCode,
  sources: ReplaySource[],
  dataConverter?: DataConverter,
): Promise<ReplayVerdict[]> {
  const verdicts: ReplayVerdict[] = [];
  for (const source of sources) {
    try {
      await Worker.runReplayHistory(
        { ...code, ...(dataConverter ? { dataConverter } : {}) },
        source.history,
        source.name,
      );
      verdicts.push({ name: source.name, compatible: true });
    } catch (err) {
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      verdicts.push({ name: source.name, compatible: false, reason });
    }
  }
  return verdicts;
}
