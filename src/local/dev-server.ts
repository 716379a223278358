import { Connection } from '@temporalio/client';
import { freePort } from './free-port.js';
import { describeExit, spawnService, type ServiceProcess } from './service-process.js';

export interface DevServerOptions {
  /** The `temporal` CLI: a path or a name on PATH. */
  cli: string;
  ip?: string;
  port?: number;
  /** Serve the Web UI on this port; no UI when omitted. */
  uiPort?: number;
  /** The remote codec the Web UI decodes payloads with (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  /** Keep state in this SQLite file so runs survive a restart; in memory when omitted. */
  dbFile?: string;
  /** SQLite pragmas for that file, "name=value" (see local-temporal.ts). */
  sqlitePragmas?: readonly string[];
  /** Dynamic configuration of the server, "key=value" (see local-temporal.ts). */
  dynamicConfig?: readonly string[];
  namespace?: string;
  startTimeoutMs?: number;
}

export interface DevServer extends ServiceProcess {
  address: string;
  uiUrl?: string;
}

/** Tries with other internal ports before giving up (see startDevServer). */
const startAttempts = 3;

/**
 * Starts `temporal server start-dev` and resolves once its frontend answers. Besides the ports
 * it is given, the server picks free ports for its internal services and binds them moments
 * later; on a busy machine another process can take one in between. Such a start is tried
 * again, with new ports; a clash on a port the caller chose is final.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(options, port);
    } catch (err) {
      const taken = /listen tcp [^ ]*:(\d+): bind: address already in use/.exec(String(err))?.[1];
      const chosen = [port, options.uiPort].map(String);
      if (attempt >= startAttempts || !taken || chosen.includes(taken)) throw err;
    }
  }
}

async function startDevServerOnce(options: DevServerOptions, port: number): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'error'];
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.uiPort && options.uiCodecEndpoint)
    args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  for (const pragma of options.sqlitePragmas ?? []) args.push('--sqlite-pragma', pragma);
  for (const value of options.dynamicConfig ?? []) args.push('--dynamic-config-value', value);
  if (options.namespace && options.namespace !== 'default')
    args.push('--namespace', options.namespace);

  const server = spawnService('the Temporal dev server', options.cli, args);
  const address = `${ip}:${port}`;
  const failIfExited = () => {
    const exit = server.exit();
    if (!exit) return;
    throw new Error(
      exit.spawnError
        ? `could not run the temporal CLI "${options.cli}": ${exit.spawnError.message}`
        : `the Temporal dev server ${describeExit(exit)}: ${exit.stderr.trim()}`,
    );
  };
  try {
    await waitUntilServing(address, options.startTimeoutMs ?? 60_000, failIfExited);
    // Whatever answered may be another server on the same port while ours failed to bind.
    failIfExited();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    ...server,
    address,
    uiUrl: options.uiPort
      ? `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}`
      : undefined,
  };
}

async function waitUntilServing(
  address: string,
  timeoutMs: number,
  failIfExited: () => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    failIfExited();
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(
          `the Temporal dev server did not answer on ${address} in time: ${String(err)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
