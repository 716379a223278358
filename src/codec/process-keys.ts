import type { temporal } from '@temporalio/proto';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { assertKeysCoverHistory } from './history-keys.js';
import {
  describeKeyRing,
  generateKeyFile,
  keyFilePath,
  storedKeyRing,
  withKeyRing,
  type KeyRingChoice,
} from './key-file.js';

type WorkflowService = temporal.api.workflowservice.v1.WorkflowService;

/** A web or worker process: the keys it was given (or npm start's file), said once in the log. */
export async function keysForProcess(config: Config, logger: Logger): Promise<Config> {
  const choice = await storedKeyRing(config);
  logChoice(logger, choice);
  return withKeyRing(config, choice);
}

/** Refuses to go on when the newest stored casts need a key this process does not have. */
export function checkStoredRuns(config: Config, service: WorkflowService): Promise<void> {
  return assertKeysCoverHistory(
    service,
    { namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
    config.security.keyRing,
    keyFilePath(config.local.dataDir),
  );
}

/**
 * `npm start`: the keys it was given or its own file; on a first start, a key written once
 * into the data folder — but only after the stored runs were checked, so a lost key file is
 * reported and never silently replaced (docs/decisions/0019).
 */
export async function keysForLocalStart(
  config: Config,
  logger: Logger,
  service: WorkflowService,
): Promise<Config> {
  let choice = await storedKeyRing(config);
  const withStored = withKeyRing(config, choice);
  await checkStoredRuns(withStored, service);
  if (!choice.ring) {
    choice = await generateKeyFile(config.local.dataDir);
    logger.warn(
      { keyFile: choice.file },
      `generated an encryption key in ${choice.file} (readable by you only): the runs of this checkout are encrypted with it. Back it up — without it they cannot be read. Set TYPECAST_ENCRYPTION_KEYS to use keys of your own.`,
    );
  } else logChoice(logger, choice);
  return withKeyRing(config, choice);
}

function logChoice(logger: Logger, choice: KeyRingChoice): void {
  if (choice.ring) logger.info({ keySource: choice.source }, describeKeyRing(choice));
  else logger.warn(describeKeyRing(choice));
}
