import { parseArgs } from 'node:util';
import { storedKeyRing, withKeyRing } from './codec/key-file.js';
import { ConfigError, loadConfig } from './config.js';
import { connectClient, dataConverterOf } from './temporal/connect.js';
import {
  historyFromFile,
  historyFromServer,
  replayHistories,
  type ReplaySource,
} from './temporal/replay-histories.js';
import { workflowCode } from './temporal/workflow-code.js';

const usage = `Replays workflow histories against the current castData code.

Encrypted histories are decrypted with TYPECAST_ENCRYPTION_KEYS (or the key file npm start
wrote in TYPECAST_DATA_DIR).

Usage:
  npm run replay -- <history.json>...            histories exported with
                                                 temporal workflow show -w ID --output json
  npm run replay -- --workflow-id <id>...        histories fetched from the server (TEMPORAL_* settings)
  npm run replay -- --workflows <path> ...       replay against other workflow code

Exits 0 when every history replays, 1 when one is not compatible, 2 on a usage error.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'workflow-id': { type: 'string', multiple: true },
      workflows: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const ids = values['workflow-id'] ?? [];
  if (values.help || (positionals.length === 0 && ids.length === 0)) {
    console.log(usage);
    return values.help ? 0 : 2;
  }

  // Encrypted histories decode with the keys the app uses: TYPECAST_ENCRYPTION_KEYS or npm start's file.
  const loaded = loadConfig();
  const config = withKeyRing(loaded, await storedKeyRing(loaded));
  const sources: ReplaySource[] = await Promise.all(positionals.map(historyFromFile));
  if (ids.length > 0) {
    const client = await connectClient(config);
    try {
      for (const id of ids) sources.push(await historyFromServer(client, id));
    } finally {
      await client.connection.close();
    }
  }

  const code = values.workflows
    ? { workflowsPath: values.workflows }
    : await workflowCode(config.worker.production);
  const verdicts = await replayHistories(code, sources, dataConverterOf(config));
  for (const verdict of verdicts) {
    console.log(
      verdict.compatible
        ? `compatible      ${verdict.name}`
        : `NOT compatible  ${verdict.name}\n  ${verdict.reason}`,
    );
  }
  const broken = verdicts.filter((v) => !v.compatible).length;
  console.log(
    broken === 0
      ? `All ${verdicts.length} histories replay against the current workflow code.`
      : `${broken} of ${verdicts.length} histories do not replay: the change is not deterministic. ` +
          'Guard it with patched(): see docs/changing-the-workflow.md.',
  );
  return broken === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  },
);
