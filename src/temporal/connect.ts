import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { typecastDataConverter } from '../codec/data-converter.js';
import type { Config } from '../config.js';
import { failFastInterceptors } from './fail-fast.js';
import type { TemporalHealth } from './temporal-health.js';

/** A client for scripts, from the one validated configuration. */
export async function connectClient(config: Config): Promise<Client> {
  const { connectionOptions, namespace } = config.temporal;
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace, dataConverter: dataConverterOf(config) });
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
  return new Client({ connection, namespace, dataConverter: dataConverterOf(config) });
}

/** The worker's connection: the same settings, through the Rust core. */
export function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect(config.temporal.connectionOptions);
}

/** Every client and worker encrypts and decrypts with the same keys (src/codec/). */
export const dataConverterOf = (config: Config) => typecastDataConverter(config.security.keyRing);
