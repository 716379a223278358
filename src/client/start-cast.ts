import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowExecutionDescription,
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
  /** Eager workflow start, where a worker of `taskQueue` runs in this process (`npm start`). */
  eager?: EagerStart;
}

/**
 * Starts through a client on the connection of a worker of `taskQueue` in this process: the
 * server hands the run back with the start's answer, to that worker, instead of through the
 * task queue (the SDK allows it only on a NativeConnection shared with the worker). Worth it
 * only while that worker is quiet: under load an eager run's first task goes ahead of the
 * tasks of runs already waiting for the worker, and the bench saw every cast slower for it
 * (decision 0026). `whenQuiet` runs `start` with that client, or answers undefined: then
 * `client` starts the run.
 */
export interface EagerStart {
  whenQuiet<T>(start: (client: Client) => Promise<T>): Promise<T> | undefined;
}

/** `new`: a run was started; `joined`: the same cast is running; `cached`: it already completed. */
export type StartOutcome = 'new' | 'joined' | 'cached';

export interface StartedCast {
  id: string;
  runId: string;
  outcome: StartOutcome;
}

/** A start, and for a joined or cached cast the server's description of the run it found. */
export interface StartedOrFound {
  started: StartedCast;
  found?: WorkflowExecutionDescription;
}

const previewLength = 200;

/**
 * Starts a cast, or finds the same one: the workflow id is a hash of everything that decides
 * the answer, so a repeated request joins the running cast or reuses the completed one. One
 * call for a new cast: the id policies refuse a running or completed run of the same id, and
 * only then is the run described to tell which it is.
 */
export async function startCast(
  starter: CastStarter,
  request: CastRequest,
  options: { fresh?: boolean } = {},
): Promise<StartedCast> {
  return (await startOrFindCast(starter, request, options)).started;
}

export async function startOrFindCast(
  { client, taskQueue, activity, eager }: CastStarter,
  request: CastRequest,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<StartedOrFound> {
  const id = castWorkflowId(request);
  const queued = queuedState(request, new Date());
  const start = (through: Client, eagerly = false) =>
    through.workflow.start<typeof castData>(castWorkflowType, {
      workflowId: id,
      taskQueue,
      args: [{ request, activity, completedLeavesMemo: true, castingLeavesMemo: true }],
      // Failed, cancelled, terminated and timed-out casts may run again; completed ones are
      // the cache, unless the caller asked for a fresh answer. A running one is refused
      // (FAIL), so the answer says whether this request started it.
      workflowIdReusePolicy: fresh ? 'ALLOW_DUPLICATE' : 'ALLOW_DUPLICATE_FAILED_ONLY',
      workflowIdConflictPolicy: 'FAIL',
      memo: { [summaryMemoKey]: inputSummary(request), [stateMemoKey]: queued },
      ...(eagerly ? { requestEagerStart: true } : {}),
    });
  try {
    const eagerStart = eager?.whenQuiet((through) => start(through, true));
    const handle = eagerStart ? await eagerStart : await start(client);
    return { started: { id, runId: handle.firstExecutionRunId, outcome: 'new' } };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // Running (joined), or completed and kept as the cache. One that closed otherwise in the
    // moment between the two calls was still joined: its reader sees how it ended.
    const description = await client.workflow.getHandle(id).describe();
    const outcome = description.status.name === 'COMPLETED' ? 'cached' : 'joined';
    return { started: { id, runId: description.runId, outcome }, found: description };
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
