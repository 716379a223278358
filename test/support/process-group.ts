import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type GroupLeader = ChildProcess & { output: () => string };

/**
 * Runs `npm start` as a terminal would: the leader of its own process group, so a test can
 * send a signal to the whole group (`process.kill(-pid, ...)`) the way Ctrl-C does.
 * Pre/post scripts are skipped: the test passes every tool and port itself.
 */
export function spawnNpmStart(env: Record<string, string>): GroupLeader {
  const child = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-40_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return Object.assign(child, { output: () => output });
}

/** Resolves with the exit code (or signal) once the process has exited; SIGKILLs its group after the timeout. */
export async function waitForExit(child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  if (child.exitCode === null && child.signalCode === null) {
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
  }
  return child.signalCode ?? String(child.exitCode);
}

export function killGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (!pgid) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already empty.
  }
}

/** The processes still in a process group, as "pid args" lines. */
export function groupMembers(pgid: number | undefined): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group]) => Number(group) === pgid)
    .map(([pid, , ...args]) => `${pid} ${args.join(' ')}`);
}

/** Processes whose command line mentions this text (e.g. a data folder): a dev server we started. */
export function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(text) && !line.includes('ps -eo'));
}
