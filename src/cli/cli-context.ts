import type { Client } from '@temporalio/client';
import { storedKeyRing, withKeyRing } from '../codec/key-file.js';
import type { Config } from '../config.js';
import { openBatchStore } from '../store/open-batch-store.js';
import type { BatchStore } from '../store/batch-store.js';
import { connectClient } from '../temporal/connect.js';
import type { CliIo } from './cli-io.js';

export interface Connected {
  client: Client;
  store: BatchStore;
}

/**
 * What every command uses: the configuration, where to write, and a connection made on first
 * use, so a mistake in the options is said before anything is reached.
 */
export interface CliContext {
  config: Config;
  io: CliIo;
  connect(): Promise<Connected>;
}

/**
 * A context whose connection is made as the app makes its own (connectClient: the same
 * settings, data converter and keys); a server out of reach is said with the setting that
 * points elsewhere. `close` closes it if it was made.
 */
export function cliContext(config: Config, io: CliIo): CliContext & { close(): Promise<void> } {
  let connected: Promise<Connected> | undefined;
  const connect = () => {
    // The keys the app's processes use: TYPECAST_ENCRYPTION_KEYS, or the file npm start wrote.
    connected ??= storedKeyRing(config).then((keys) => {
      const keyed = withKeyRing(config, keys);
      return connectClient(keyed).then(
        (client) => ({ client, store: openBatchStore(keyed.batch.store, keyed.security.keyRing) }),
        (err: unknown) => {
          const { address, addressSetting } = config.temporal;
          throw new Error(
            `Cannot reach Temporal at ${address} (${addressSetting}): is typecast running (npm start)? ${err instanceof Error ? err.message : String(err)}`,
          );
        },
      );
    });
    return connected;
  };
  return {
    config,
    io,
    connect,
    close: async () => {
      const made = await connected?.catch(() => undefined);
      await made?.client.connection.close();
    },
  };
}
