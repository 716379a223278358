import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import { freePort } from './free-port.js';

export interface LocalModel {
  /** Where it listens: `LOCAL_MODEL_HOST`/`LOCAL_MODEL_PORT` for the configuration that uses it. */
  host: string;
  port: number;
  /** The server's process id (it leads its own process group). */
  pid: number;
  /** Base URL including `/v1`. */
  url: string;
  stop(): Promise<void>;
}

// `.ts` when run from source with tsx, `.js` when run from the compiled output.
const ownExtension = extname(fileURLToPath(import.meta.url));
const entry = fileURLToPath(new URL(`../model${ownExtension}`, import.meta.url));

/**
 * Runs the local model server (src/model.ts) as a child process on a free loopback port, in
 * its own process group so a Ctrl-C reaches it only through `stop()` — after the worker has
 * finished its casts. Resolves once /health answers 200 (the model is loaded).
 */
export async function startLocalModel(
  logger: Logger,
  {
    startTimeoutMs = 180_000,
    env = process.env,
  }: { startTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<LocalModel> {
  const port = await freePort();
  const host = '127.0.0.1';
  const args = ownExtension === '.ts' ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    env: { ...env, LOCAL_MODEL_HOST: host, LOCAL_MODEL_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'pipe'],
    detached: true,
  });
  // It reads its settings (LOCAL_MODEL_*, TYPECAST_LOCAL_MODEL_PATH) from the same environment.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (!stopping)
      logger.error(
        { code, signal, stderr: stderr.trim() || undefined },
        'the local model server exited; casts will fail until typecast is restarted',
      );
  });
  const failedToSpawn = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`could not start the model server: ${err.message}`)),
    ),
  );

  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://${host}:${port}`;
  try {
    await Promise.race([
      failedToSpawn,
      waitForHealth(
        url,
        startTimeoutMs,
        () => child.exitCode !== null,
        () => stderr,
      ),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  // Its own process group outlives us if we die without stop(): take it down on any exit.
  process.once('exit', () => {
    if (child.pid && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, 'SIGTERM');
  });
  return { host, port, pid: child.pid!, url: `${url}/v1`, stop };
}

async function waitForHealth(
  url: string,
  timeoutMs: number,
  hasExited: () => boolean,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited())
      throw new Error(`the local model server exited while starting: ${stderr().trim()}`);
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`the local model server did not become ready at ${url} in time`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
