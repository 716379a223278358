/** What a failed child process reports (execFile's rejection). */
export interface CommandFailure {
  code: number;
  stdout: string;
  stderr: string;
}

/** Resolves to the failure of a command that is expected to fail, or undefined if it succeeded. */
export function failureOf(command: Promise<unknown>): Promise<CommandFailure | undefined> {
  return command.then(
    () => undefined,
    (err: CommandFailure) => err,
  );
}
