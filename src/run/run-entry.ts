import { ConfigError } from '../config.js';

/**
 * Runs a process's main function. A bad setting prints only its message (it names the
 * variable and says what is wrong); anything else prints the error with its stack.
 */
export function runEntry(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
