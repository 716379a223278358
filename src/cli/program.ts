import { Command, CommanderError } from 'commander';
import type { Config } from '../config.js';
import { attachBatch, cancelBatchCommand, runBatch } from './batch-commands.js';
import { castOne } from './cast-one.js';
import { cliContext, type CliContext } from './cli-context.js';
import { say, type CliIo } from './cli-io.js';
import { addTargetOptions } from './target-options.js';
import { exitCodes, UsageError } from './usage-error.js';

type Action = (ctx: CliContext) => Promise<number>;

/**
 * `npm run cast -- <command>`: casts from a terminal on the configured typecast server. It
 * talks to Temporal (and the batch store) directly, as the web does, so it needs the app's
 * workers running, not its web server.
 */
export function castProgram(config: () => Config, io: CliIo, done: (code: number) => void) {
  const run = (action: Action) => async () => {
    const ctx = cliContext(config(), io);
    try {
      done(await action(ctx));
    } finally {
      await ctx.close();
    }
  };

  const program = new Command('npm run cast --')
    .description('Cast text into typed data from the terminal, one value or a file of rows.')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for the options)')
    .exitOverride();

  addTargetOptions(
    program
      .command('one')
      .description('Cast one text and print its value as JSON.')
      .argument('<text>', 'the text to cast'),
  ).action((text: string, options) => run((ctx) => castOne(ctx, text, options))());

  addTargetOptions(
    program
      .command('batch')
      .description('Cast every row of a CSV, JSONL or text file; write the results when done.')
      .argument('<file>', 'a CSV file with a header row, a JSONL file, or text (one row a line)')
      .option('--column <name>', 'the CSV column or JSONL field to cast')
      .option('--format <format>', 'csv, jsonl or text (default: from the file name)')
      .option('--out <file>', 'where to write the results (default: stdout)')
      .option('--jsonl', 'write JSON Lines rather than CSV (also when --out ends in .jsonl)'),
  ).action((file: string, options) => run((ctx) => runBatch(ctx, file, options))());

  program
    .command('attach')
    .description('Follow a batch started earlier (or detached with Ctrl-C) and write its results.')
    .argument('<batch-id>')
    .option('--out <file>', 'where to write the results (default: stdout)')
    .option('--jsonl', 'write JSON Lines rather than CSV (also when --out ends in .jsonl)')
    .action((id: string, options) => run((ctx) => attachBatch(ctx, id, options))());

  program
    .command('cancel')
    .description('Cancel a running batch; its finished rows keep their results.')
    .argument('<batch-id>')
    .action((id: string) => run((ctx) => cancelBatchCommand(ctx, id))());

  return program;
}

/** Runs the command line; resolves with its exit code, saying on stderr why it is not 0. */
export async function runCast(
  argv: readonly string[],
  config: () => Config,
  io: CliIo,
): Promise<number> {
  let code: number = exitCodes.ok;
  const program = castProgram(config, io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    if (err instanceof UsageError) {
      say(io, err.message);
      return exitCodes.usage;
    }
    say(io, err instanceof Error ? err.message : String(err));
    return exitCodes.failed;
  }
}
