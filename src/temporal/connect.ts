import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config.js';

/** A client for the web process and scripts, from the one validated configuration. */
export async function connectClient(config: Config): Promise<Client> {
  const { connectionOptions, namespace } = config.temporal;
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace });
}

/** The worker's connection: the same settings, through the Rust core. */
export function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect(config.temporal.connectionOptions);
}
