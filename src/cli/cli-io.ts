/** Where the command line writes, and what it knows of its terminal; the entry passes process's. */
export interface CliIo {
  /** Values and results: what a pipe after the command reads. */
  stdout: NodeJS.WritableStream;
  /** Progress, messages and errors. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Resolves at the first Ctrl-C (SIGINT); later ones are taken by the same handler. */
  interrupted: Promise<void>;
}

export function say(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`);
}
