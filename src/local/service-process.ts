import { spawn } from 'node:child_process';

/** How a service process ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be run at all (not found, not executable). */
  spawnError?: Error;
  /** The start and the end of what it wrote to stderr: the reason it stopped is in one. */
  stderr: string;
}

/** A program `npm start` runs beside itself (the Temporal dev server, a local model). */
export interface ServiceProcess {
  /** How messages name it: "the Temporal dev server". */
  name: string;
  pid?: number;
  /** Resolves when it exits without stop() having asked it to; never resolves otherwise. */
  died: Promise<ServiceExit>;
  /** How it ended; undefined while it runs. */
  exit(): ServiceExit | undefined;
  /** Asks the whole process group to stop, kills it after a grace time; resolves once exited. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** Its stdout: a service that logs JSON lines can share ours. */
  stdout?: 'inherit' | 'ignore';
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
}

/**
 * Runs a program as the leader of its own process group. A terminal's Ctrl-C reaches every
 * process of the foreground group at once; a service outside it keeps serving until we stop
 * it, in order, after whatever still needs it (a worker reporting its last results).
 */
export function spawnService(
  name: string,
  command: string,
  args: string[],
  { env, stdout = 'ignore', stopTimeoutMs = 10_000 }: ServiceOptions = {},
): ServiceProcess {
  const child = spawn(command, args, {
    detached: true,
    env: env ?? process.env,
    stdio: ['ignore', stdout, 'pipe'],
  });
  const kept = keptEnds(2_000, 4_000);
  child.stderr?.on('data', (chunk: Buffer) => kept.add(chunk.toString()));

  let stopRequested = false;
  let reportDeath: (exit: ServiceExit) => void = () => undefined;
  const died = new Promise<ServiceExit>((resolve) => (reportDeath = resolve));
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once('error', (spawnError) =>
      resolve({ code: null, signal: null, spawnError, stderr: kept.text() }),
    );
    // 'close', not 'exit': stderr is read to the end, so the reason is in the message.
    child.once('close', (code, signal) => resolve({ code, signal, stderr: kept.text() }));
  });
  let ended: ServiceExit | undefined;
  void exited.then((exit) => {
    ended = exit;
    process.off('exit', stopWithUs);
    if (!stopRequested) reportDeath(exit);
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (ended || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group has already gone.
    }
  };
  // Out of our process group, it would outlive us if we exited without stopping it.
  const stopWithUs = () => signalGroup('SIGTERM');
  process.on('exit', stopWithUs);

  return {
    name,
    pid: child.pid,
    died,
    exit: () => ended,
    async stop() {
      stopRequested = true;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** "exited with code 1", "was killed by SIGKILL", "could not be run: …" — for messages. */
export function describeExit(exit: ServiceExit): string {
  if (exit.spawnError) return `could not be run: ${exit.spawnError.message}`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

/**
 * The first `headChars` and the last `tailChars` of a stream of text. A program that fails
 * says why at the end, except a Go panic: its message comes first, then goroutine traces that
 * can run to many kilobytes.
 */
export function keptEnds(headChars: number, tailChars: number) {
  let head = '';
  let tail = '';
  let dropped = false;
  return {
    add(text: string): void {
      const intoHead = text.slice(0, headChars - head.length);
      head += intoHead;
      const rest = tail + text.slice(intoHead.length);
      dropped ||= rest.length > tailChars;
      tail = rest.slice(-tailChars);
    },
    text(): string {
      return dropped ? `${head}\n…\n${tail}` : head + tail;
    },
  };
}
