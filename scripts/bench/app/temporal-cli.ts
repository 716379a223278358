import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BenchCliSettings {
  /** The dev server's SQLite pragmas instead of the app's; unset keeps the app's. */
  pragmas?: readonly string[];
  /** Where the dev server serves its Prometheus metrics (the server calls a scenario makes). */
  metricsPort: number;
}

/**
 * A `temporal` that runs the real CLI for the app, with what the bench needs of its dev server:
 * the app is started with TEMPORAL_CLI set to it, so any checkout, old or new, runs its dev
 * server with the metrics endpoint and the pragmas under comparison. `none` drops the pragmas
 * (the CLI's defaults). It execs the CLI, so the dev server keeps the pid npm start spawned.
 */
export async function benchCli(
  realCli: string,
  { pragmas, metricsPort }: BenchCliSettings,
  dir: string,
): Promise<string> {
  const chosen = (pragmas ?? []).filter((pragma) => pragma !== 'none');
  // Each pragma is name=value of [A-Za-z0-9_-] (checked with the flags): nothing to quote.
  const added = chosen.map((pragma) => ` --sqlite-pragma ${pragma}`).join('');
  const script = `#!/bin/sh
# Written by the typecast bench: the dev server with its metrics and these SQLite pragmas.
extra=''
if [ "$1" = server ]; then extra='--metrics-port ${metricsPort}${added}'; fi
skip=0
for arg do
  shift
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$arg" in
${
  pragmas
    ? `    --sqlite-pragma) skip=1; continue ;;
    --sqlite-pragma=*) continue ;;
`
    : ''
}  esac
  set -- "$@" "$arg"
done
exec '${realCli.replaceAll("'", `'\\''`)}' "$@" $extra
`;
  const path = join(dir, 'temporal');
  await writeFile(path, script);
  await chmod(path, 0o755);
  return path;
}

/** The pragmas a dev server was started with, from its command line. */
export function pragmasIn(commandLine: readonly string[]): string[] {
  const found: string[] = [];
  commandLine.forEach((arg, i) => {
    if (arg === '--sqlite-pragma' && commandLine[i + 1]) found.push(commandLine[i + 1]!);
    else if (arg.startsWith('--sqlite-pragma=')) found.push(arg.slice('--sqlite-pragma='.length));
  });
  return found;
}
