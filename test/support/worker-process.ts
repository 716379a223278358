import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testEncryptionKeys } from './encryption.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The environment of an entry point the suite spawns: nothing of the runner's but PATH and
 * HOME, the suite's encryption keys unless the test sets TYPECAST_ENCRYPTION_KEYS itself, and
 * the test's settings.
 */
export function entryEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TYPECAST_ENCRYPTION_KEYS: testEncryptionKeys,
    ...env,
  };
}

/**
 * Runs an entry point as its own Node process, as a person or a container would.
 */
export function spawnEntry(
  entry: string,
  env: Record<string, string>,
  { production = false }: { production?: boolean } = {},
): ChildProcess & { output: () => string } {
  const args = production ? [entry] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: entryEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return Object.assign(child, { output: () => output });
}

export function waitForOutput(
  child: ChildProcess & { output: () => string },
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(child.output())) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`no ${pattern} in the output of the process:\n${child.output()}`));
      }
    }, 100);
    const deadline = Date.now() + timeoutMs;
  });
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
