import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A process the bench started: the leader of its own group, so Ctrl-C reaches only the bench. */
export interface Child {
  name: string;
  pid: number;
  /** The last 40 kB it wrote (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of the pattern in its output; fails if it exits first. */
  waitFor(pattern: RegExp, timeoutMs: number, signal?: AbortSignal): Promise<RegExpExecArray>;
  /** Sends the signal to its group, SIGKILLs the group after the grace time; resolves once exited. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

const running = new Set<number>();
// Last resort: whatever ends the bench, no group it started outlives it.
process.on('exit', () => running.forEach((pid) => signalGroup(pid, 'SIGKILL')));

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  { cwd, env, logFile }: { cwd: string; env: Record<string, string>; logFile?: string },
): Child {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const pid = child.pid;
  running.add(pid);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-40_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (logFile) {
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(pid);
      resolve();
    });
    child.once('error', () => resolve());
  });
  let ended = false;
  void exited.then(() => (ended = true));

  return {
    name,
    pid,
    output: () => output,
    async waitFor(pattern, timeoutMs, signal) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        signal?.throwIfAborted();
        if (ended)
          throw new Error(`${name} exited before it printed ${pattern}:\n${output.slice(-3_000)}`);
        if (Date.now() > deadline)
          throw new Error(
            `${name} did not print ${pattern} in ${timeoutMs / 1000} s:\n${output.slice(-3_000)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal, graceMs) {
      if (ended) return;
      signalGroup(pid, signal);
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything it left in its group goes with it.
      signalGroup(pid, 'SIGKILL');
    },
  };
}
