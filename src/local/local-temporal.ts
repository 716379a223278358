import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config.js';
import type { WantedPort } from './busy-ports.js';
import { startDevServer } from './dev-server.js';
import type { ServiceExit } from './service-process.js';

export interface LocalTemporal {
  name: string;
  address: string;
  uiUrl: string;
  dbFile: string;
  /** Resolves if the dev server exits on its own; see ServiceProcess.died. */
  died: Promise<ServiceExit>;
  stop(): Promise<void>;
}

/** The ports the local dev server listens on, with the settings that move them. */
export function localTemporalPorts(local: Config['local']): WantedPort[] {
  return [
    { port: local.devPort, host: '127.0.0.1', settings: 'TEMPORAL_DEV_PORT / TEMPORAL_ADDRESS' },
    { port: local.devUiPort, host: '127.0.0.1', settings: 'TEMPORAL_DEV_UI_PORT' },
  ];
}

/**
 * How the dev server keeps its state file: a write-ahead log synced at checkpoints. A crash of
 * the app or of the dev server loses nothing committed; a power loss or OS crash may lose the
 * last transactions. Measured and weighed in docs/decisions/0022.
 */
export const stateFilePragmas: readonly string[] = ['journal_mode=wal', 'synchronous=normal'];

/**
 * One partition per task queue, where Temporal's default is four: on one server process the
 * other three only forward tasks to each other, and a backlog spread over four is not served
 * in order, so under load some casts waited twice as long as most. Measured in
 * docs/decisions/0029.
 */
export const devServerDynamicConfig: readonly string[] = [
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
];

/**
 * A Temporal dev server for one machine, its state kept in a file so runs survive a restart.
 * Uses the `temporal` CLI; without it, the SDK's test server download (needs internet).
 */
export async function startLocalTemporal(
  local: Config['local'],
  { uiCodecEndpoint }: { uiCodecEndpoint?: string } = {},
): Promise<LocalTemporal> {
  await mkdir(local.dataDir, { recursive: true });
  const dbFile = resolve(join(local.dataDir, 'temporal.db'));
  const uiUrl = `http://localhost:${local.devUiPort}`;
  try {
    const server = await startDevServer({
      cli: local.temporalCli,
      port: local.devPort,
      uiPort: local.devUiPort,
      uiCodecEndpoint,
      dbFile,
      sqlitePragmas: stateFilePragmas,
      dynamicConfig: devServerDynamicConfig,
    });
    return { ...server, uiUrl, dbFile };
  } catch (err) {
    if (!/could not run the temporal CLI/.test(String(err))) throw err;
    return startWithSdkDownload(local, dbFile, uiUrl, err as Error, uiCodecEndpoint);
  }
}

/**
 * The configuration with Temporal at the local dev server: its address and UI (unless
 * TEMPORAL_UI_URL names another), and messages that name the setting that chose it.
 */
export function configWithLocalTemporal(
  env: Record<string, string | undefined>,
  temporal: LocalTemporal,
): Config {
  const config = loadConfig({
    ...env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: env.TEMPORAL_UI_URL ?? temporal.uiUrl,
  });
  return { ...config, temporal: { ...config.temporal, addressSetting: 'TEMPORAL_DEV_PORT' } };
}

async function startWithSdkDownload(
  local: Config['local'],
  dbFile: string,
  uiUrl: string,
  cliError: Error,
  uiCodecEndpoint?: string,
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
      extraArgs: [
        ...stateFilePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
        ...devServerDynamicConfig.flatMap((value) => ['--dynamic-config-value', value]),
        ...(uiCodecEndpoint ? ['--ui-codec-endpoint', uiCodecEndpoint] : []),
      ],
    },
  });
  return {
    name: 'the Temporal dev server',
    address: `127.0.0.1:${local.devPort}`,
    uiUrl,
    dbFile,
    // The SDK owns that process and does not report its end.
    died: new Promise(() => undefined),
    stop: () => env.teardown(),
  };
}
