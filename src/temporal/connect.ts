import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config.js';
import { failFastInterceptors } from './fail-fast.js';
import type { TemporalHealth } from './temporal-health.js';

/** A client for scripts, from the one validated configuration. */
export async function connectClient(config: Config): Promise<Client> {
  const { connectionOptions, namespace } = config.temporal;
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace });
}

/**
 * The web's client: calls fail fast and report to `health` (see fail-fast.ts), and after an
 * outage the channel tries to reconnect every few seconds rather than backing off to minutes.
 */
export async function connectWebClient(config: Config, health: TemporalHealth): Promise<Client> {
  const { connectionOptions, namespace } = config.temporal;
  const connection = await Connection.connect({
    ...connectionOptions,
    interceptors: failFastInterceptors(health),
    channelArgs: { 'grpc.max_reconnect_backoff_ms': 2_000 },
  });
  return new Client({ connection, namespace });
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

/** The worker's connection: the same settings, through the Rust core. */
export function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect(config.temporal.connectionOptions);
}
