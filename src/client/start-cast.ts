import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { castWorkflowId } from '../cast/cast-key.js';
import { firstCharacters } from '../cast/character-count.js';
import type { CastRequest } from '../cast/types.js';
import type { castData } from '../workflows/cast-data.js';
import {
  castWorkflowType,
  queuedState,
  stateMemoKey,
  summaryMemoKey,
  type CastActivityOptions,
  type CastInputSummary,
} from '../shared.js';

export interface CastStarter {
  client: Client;
  taskQueue: string;
  activity: CastActivityOptions;
}

/** `new`: a run was started; `joined`: the same cast is running; `cached`: it already completed. */
export type StartOutcome = 'new' | 'joined' | 'cached';

export interface StartedCast {
  id: string;
  runId: string;
  outcome: StartOutcome;
}

const previewLength = 200;

/**
 * Starts a cast, or finds the same one: the workflow id is a hash of everything that decides
 * the answer, so a repeated request joins the running cast or reuses the completed one.
 */
export async function startCast(
  { client, taskQueue, activity }: CastStarter,
  request: CastRequest,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<StartedCast> {
  const id = castWorkflowId(request);
  const existing = await describeIfExists(client, id);
  if (existing?.status.name === 'RUNNING') return { id, runId: existing.runId, outcome: 'joined' };
  if (existing?.status.name === 'COMPLETED' && !fresh)
    return { id, runId: existing.runId, outcome: 'cached' };

  const queued = queuedState(request, new Date());
  try {
    const handle = await client.workflow.start<typeof castData>(castWorkflowType, {
      workflowId: id,
      taskQueue,
      args: [{ request, activity }],
      // Failed, cancelled, terminated and timed-out casts may run again; completed ones are the
      // cache, unless the caller asked for a fresh answer.
      workflowIdReusePolicy: fresh ? 'ALLOW_DUPLICATE' : 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'USE_EXISTING',
      memo: { [summaryMemoKey]: inputSummary(request), [stateMemoKey]: queued },
    });
    // A cast started by another request between our describe and this start is joined by
    // USE_EXISTING but reported as new: the describe above is the only cheap way to tell.
    return { id, runId: handle.firstExecutionRunId, outcome: 'new' };
  } catch (err) {
    // Another request completed the same cast between our describe and our start.
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const latest = await client.workflow.getHandle(id).describe();
      return { id, runId: latest.runId, outcome: 'cached' };
    }
    throw err;
  }
}

/** The part of a request that lists and cards show, as kept in the run's memo. */
export function inputSummary(request: CastRequest): CastInputSummary {
  return {
    textPreview: firstCharacters(request.text, previewLength),
    ...(request.instructions
      ? { instructions: firstCharacters(request.instructions, previewLength) }
      : {}),
  };
}

async function describeIfExists(client: Client, id: string) {
  try {
    return await client.workflow.getHandle(id).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
