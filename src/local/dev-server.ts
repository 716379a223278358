import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { freePort } from './free-port.js';

export interface DevServerOptions {
  /** The `temporal` CLI: a path or a name on PATH. */
  cli: string;
  ip?: string;
  port?: number;
  /** Serve the Web UI on this port; no UI when omitted. */
  uiPort?: number;
  /** Keep state in this SQLite file so runs survive a restart; in memory when omitted. */
  dbFile?: string;
  namespace?: string;
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` and resolves once its frontend answers. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'error'];
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.namespace && options.namespace !== 'default')
    args.push('--namespace', options.namespace);

  const child = spawn(options.cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failedToSpawn = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`could not run the temporal CLI "${options.cli}": ${err.message}`)),
    ),
  );

  const address = `${ip}:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await Promise.race([
      failedToSpawn,
      waitUntilServing(
        address,
        options.startTimeoutMs ?? 60_000,
        () => child.exitCode !== null,
        () => stderr,
      ),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address,
    uiUrl: options.uiPort
      ? `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}`
      : undefined,
    process: child,
    stop,
  };
}

async function waitUntilServing(
  address: string,
  timeoutMs: number,
  hasExited: () => boolean,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error(`the Temporal dev server exited: ${stderr().trim()}`);
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
