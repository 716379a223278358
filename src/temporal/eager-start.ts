import { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { EagerStart } from '../client/start-cast.js';

/**
 * Runs open on the worker (its cache of running workflows) below which it counts as quiet: one
 * person's casts, not a queue of them.
 */
const quietBelowOpenRuns = 8;

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
      return start(client).finally(() => starting--);
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
