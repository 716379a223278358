import { isGrpcDeadlineError, WorkflowFailedError, type Client } from '@temporalio/client';
import type { CastState } from '../shared.js';
import { castSummary, type CastSummary, type CastView } from './cast-view.js';
import { readCast } from './read-cast.js';

export interface AwaitedRun {
  id: string;
  runId: string;
  /** What the card shows of the input: the submitter knows it without asking the memo. */
  summary?: Omit<CastSummary, 'target'>;
}

/**
 * Waits up to `waitMs` for a run to close, on the server's long poll for its close event (the
 * one `result()` uses: no worker, nothing written), and answers its view; undefined if it is
 * still running at the bound or once `signal` aborts. A completed run's view comes from its
 * result alone.
 */
export async function awaitCast(
  client: Client,
  { id, runId, summary }: AwaitedRun,
  waitMs: number,
  signal?: AbortSignal,
): Promise<CastView | undefined> {
  const handle = client.workflow.getHandle(id, runId, { followRuns: false });
  const wait = () => client.withDeadline(Date.now() + waitMs, () => handle.result());
  try {
    const state = (await (signal ? client.withAbortSignal(signal, wait) : wait())) as CastState;
    return {
      ...state,
      id,
      runId,
      phase: 'completed',
      done: true,
      summary: castSummary(summary, state.target),
    };
  } catch (err) {
    if (isGrpcDeadlineError(err) || signal?.aborted) return undefined;
    // Failed, cancelled, terminated or timed out: the reader says how, as for any closed run.
    if (err instanceof WorkflowFailedError) return readCast(client, id, { runId });
    throw err;
  }
}
