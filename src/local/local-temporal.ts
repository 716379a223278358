import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { startDevServer } from './dev-server.js';

export interface LocalTemporal {
  address: string;
  uiUrl: string;
  dbFile: string;
  stop(): Promise<void>;
}

/**
 * A Temporal dev server for one machine, its state kept in a file so runs survive a restart.
 * Uses the `temporal` CLI; without it, the SDK's test server download (needs internet).
 */
export async function startLocalTemporal(local: Config['local']): Promise<LocalTemporal> {
  await mkdir(local.dataDir, { recursive: true });
  const dbFile = resolve(join(local.dataDir, 'temporal.db'));
  const uiUrl = `http://localhost:${local.devUiPort}`;
  try {
    const server = await startDevServer({
      cli: local.temporalCli,
      port: local.devPort,
      uiPort: local.devUiPort,
      dbFile,
    });
    return { address: server.address, uiUrl, dbFile, stop: server.stop };
  } catch (err) {
    if (!/could not run the temporal CLI/.test(String(err))) throw err;
    return startWithSdkDownload(local, dbFile, uiUrl, err as Error);
  }
}

async function startWithSdkDownload(
  local: Config['local'],
  dbFile: string,
  uiUrl: string,
  cliError: Error,
): Promise<LocalTemporal> {
  const testing = await import('@temporalio/testing').catch(() => {
    throw new Error(
      `${cliError.message}. Install the Temporal CLI (npm run setup -- app, brew install ` +
        `temporal, or https://temporal.io/setup) or set TEMPORAL_CLI to its path.`,
    );
  });
  const env = await testing.TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: local.devPort,
      ui: true,
      uiPort: local.devUiPort,
      dbFilename: dbFile,
    },
  });
  return {
    address: `127.0.0.1:${local.devPort}`,
    uiUrl,
    dbFile,
    stop: () => env.teardown(),
  };
}
