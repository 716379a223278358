import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { entryEnvironment } from './worker-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  stdout(): string;
  stderr(): string;
  /** The exit code (or 128 + the signal's number, as a shell says it). */
  exited: Promise<number>;
  interrupt(): void;
  /** Resolves once stderr matches. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/**
 * `npm run cast -- …args` as a child process (node directly: npm adds a banner to stdout), in the
 * environment of every entry point the suite spawns (entryEnvironment).
 */
export function runCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: entryEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 128))),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  void exited.then(() => clearTimeout(timer));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    interrupt: () => void child.kill('SIGINT'),
    waitForStderr: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = setInterval(() => {
          if (pattern.test(stderr)) {
            clearInterval(check);
            resolve();
          } else if (child.exitCode !== null || Date.now() > deadline) {
            clearInterval(check);
            reject(new Error(`no ${pattern} on stderr of the CLI:\n${stderr}\n${stdout}`));
          }
        }, 100);
      }),
  };
}
