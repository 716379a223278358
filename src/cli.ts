import { cliConfig } from './cli/cli-config.js';
import { runCast } from './cli/program.js';

// `npm run cast -- <command>`: see src/cli/program.ts, and the README's "Batches" section.
const interrupted = new Promise<void>((resolve) => {
  // npm passes Ctrl-C on to the process that already got it from the terminal: every SIGINT
  // lands here, and the first one detaches.
  process.on('SIGINT', () => resolve());
});

const code = await runCast(process.argv.slice(2), () => cliConfig(process.env), {
  stdout: process.stdout,
  stderr: process.stderr,
  interrupted,
});
// Exit once what was written has left, whatever sockets a client library keeps open.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
