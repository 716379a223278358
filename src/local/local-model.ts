import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { describeExit, spawnService, type ServiceExit } from './service-process.js';

export interface LocalModel {
  name: string;
  /** Where it listens: `LOCAL_MODEL_HOST`/`LOCAL_MODEL_PORT` for the configuration that uses it. */
  host: string;
  port: number;
  /** The server's process id (it leads its own process group). */
  pid?: number;
  /** Base URL including `/v1`. */
  url: string;
  /** Resolves if the server exits on its own; see ServiceProcess.died. */
  died: Promise<ServiceExit>;
  stop(): Promise<void>;
}

// `.ts` when run from source with tsx, `.js` when run from the compiled output.
const ownExtension = extname(fileURLToPath(import.meta.url));
const entry = fileURLToPath(new URL(`../model${ownExtension}`, import.meta.url));

/**
 * Runs the local model server (src/model.ts) as a service on a free loopback port, in its own
 * process group so a Ctrl-C reaches it only through `stop()` — after the worker has finished
 * its casts. Resolves once /health answers 200 (the model is loaded).
 */
export async function startLocalModel({
  startTimeoutMs = 180_000,
  env = process.env,
}: { startTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<LocalModel> {
  const port = await freePort();
  const host = '127.0.0.1';
  const args = ownExtension === '.ts' ? ['--import', 'tsx', entry] : [entry];
  // It reads its settings (LOCAL_MODEL_*, TYPECAST_LOCAL_MODEL_PATH) from the same environment,
  // and logs JSON lines to our stdout.
  const service = spawnService('the local model server', process.execPath, args, {
    env: { ...env, LOCAL_MODEL_HOST: host, LOCAL_MODEL_PORT: String(port) },
    stdout: 'inherit',
  });
  const base = `http://${host}:${port}`;
  try {
    await Promise.race([
      service.died.then((exit) => {
        throw new Error(
          `the local model server ${describeExit(exit)} while starting: ${exit.stderr.trim()}`,
        );
      }),
      waitForHealth(base, startTimeoutMs, () => service.exit() !== undefined),
    ]);
  } catch (err) {
    await service.stop();
    throw err;
  }
  return {
    name: service.name,
    host,
    port,
    pid: service.pid,
    url: `${base}/v1`,
    died: service.died,
    stop: service.stop,
  };
}

async function waitForHealth(url: string, timeoutMs: number, hasExited: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!hasExited()) {
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`the local model server did not become ready at ${url} in time`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The race in startLocalModel reports the exit with its reason.
  await new Promise(() => undefined);
}
