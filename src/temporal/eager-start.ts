import { status as grpcStatus } from '@grpc/grpc-js';
import { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { EagerStart } from '../client/start-cast.js';

/**
 * Runs open on the worker (its cache of running workflows) below which it counts as quiet: one
 * person's casts, not a queue of them.
 */
const quietBelowOpenRuns = 8;

/** A start answers in milliseconds; the client on the worker's connection has no deadline of its own. */
const startDeadlineMs = 3_000;

/**
 * Eager starts through the worker of this process while it is quiet (see start-cast.ts): its
 * open runs and the eager starts under way count, so a burst of submissions is not all eager.
 */
export function eagerStart(web: Client, worker: Worker, connection: NativeConnection): EagerStart {
  const client = eagerStartClient(web, connection);
  let starting = 0;
  return {
    whenQuiet(start) {
      if (starting + worker.getStatus().numCachedWorkflows >= quietBelowOpenRuns) return undefined;
      starting++;
      return withStartDeadline(client, start).finally(() => starting--);
    },
  };
}

/**
 * A client like the web's (the same namespace, data converter and interceptors) on a worker's
 * connection in the same process, for starts only: the SDK lets a start be eager (its first
 * workflow task handed straight to that worker) only through a NativeConnection the worker
 * shares. Its calls bypass the web's gRPC interceptors, so start-cast.ts gives them a deadline.
 */
export function eagerStartClient(web: Client, worker: NativeConnection): Client {
  const { namespace, identity, dataConverter, interceptors } = web.options;
  return new Client({ connection: worker, namespace, identity, dataConverter, interceptors });
}

/**
 * Runs a start under a deadline. On a NativeConnection a passed deadline surfaces as gRPC
 * CANCELLED ("Timeout expired"), where the web's own connection says DEADLINE_EXCEEDED; it is
 * reported as the latter, so a server that does not answer is a 503 whichever way a cast began.
 */
async function withStartDeadline<T>(
  client: Client,
  start: (client: Client) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + startDeadlineMs;
  try {
    return await client.withDeadline(deadline, () => start(client));
  } catch (err) {
    if (Date.now() < deadline) throw err;
    throw Object.assign(
      new Error(`Temporal did not answer the start within ${startDeadlineMs} ms`, { cause: err }),
      { code: grpcStatus.DEADLINE_EXCEEDED },
    );
  }
}
