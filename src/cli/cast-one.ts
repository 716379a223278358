import { readCast } from '../client/read-cast.js';
import { startCast } from '../client/start-cast.js';
import type { CliContext } from './cli-context.js';
import { say } from './cli-io.js';
import { castRequestOf, type TargetOptions } from './target-options.js';
import { exitCodes } from './usage-error.js';

/**
 * `one "<text>"`: a single cast, exactly as the page starts it (same workflow id, so the same
 * cache), waited for; its value printed as JSON on stdout, or its error on stderr.
 */
export async function castOne(ctx: CliContext, text: string, options: TargetOptions) {
  const { config, io } = ctx;
  const { request, fresh } = castRequestOf(text, options, {
    maxDataChars: config.maxDataChars,
    model: config.model.name,
  });
  const { client } = await ctx.connect();
  const starter = { client, taskQueue: config.temporal.taskQueue, activity: config.activity };
  const started = await startCast(starter, request, { fresh });
  const closed = client.workflow
    .getHandle(started.id, started.runId)
    .result()
    .then(
      () => 'closed' as const,
      () => 'closed' as const,
    );
  if (
    (await Promise.race([closed, io.interrupted.then(() => 'interrupted' as const)])) !== 'closed'
  ) {
    say(io, `\nDetached: the cast ${started.id} goes on in Temporal.`);
    say(io, 'Run the same command again to wait for it: it joins the running cast.');
    return exitCodes.detached;
  }
  const view = await readCast(client, started.id, {
    runId: started.runId,
    taskQueue: config.temporal.taskQueue,
  });
  if (view.phase === 'completed') {
    io.stdout.write(`${JSON.stringify(view.result)}\n`);
    return exitCodes.ok;
  }
  const error = view.error;
  if (!error) {
    say(io, `The cast ended ${view.phase}.`);
    return exitCodes.failed;
  }
  say(io, `${error.type}: ${error.message}`);
  for (const issue of error.issues ?? []) say(io, `  - ${issue}`);
  if (error.rawOutput !== undefined) say(io, `The model's last answer: ${error.rawOutput}`);
  return exitCodes.failed;
}
