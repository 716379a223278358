import type { temporal } from '@temporalio/proto';
import { ConfigError } from '../config.js';
import { castWorkflowType } from '../shared.js';
import { isEncrypted, keyIdOf } from './encryption-codec.js';
import type { KeyRing } from './key-ring.js';

type WorkflowService = temporal.api.workflowservice.v1.WorkflowService;

/** How many of the newest runs are looked at: enough to catch a lost or wrong key at once. */
const sampleSize = 50;

/**
 * The key ids that the newest casts of this task queue were encrypted with and that the ring
 * lacks ("clear" when runs are encrypted but the ring is empty). Read from their memos as
 * stored: the ids are metadata, readable without any key.
 */
export async function missingKeyIds(
  service: WorkflowService,
  { namespace, taskQueue }: { namespace: string; taskQueue: string },
  ring: KeyRing | undefined,
): Promise<string[]> {
  const known = new Set(ring?.keys.map((k) => k.id));
  const { executions } = await service.listWorkflowExecutions({
    namespace,
    pageSize: sampleSize,
    query: `WorkflowType = '${castWorkflowType}' AND TaskQueue = '${taskQueue.replaceAll("'", "''")}'`,
  });
  const missing = new Set<string>();
  for (const execution of executions ?? []) {
    for (const payload of Object.values(execution.memo?.fields ?? {})) {
      if (!isEncrypted(payload)) continue;
      const id = keyIdOf(payload) ?? '';
      if (!known.has(id)) missing.add(id);
    }
  }
  return [...missing];
}

/**
 * Refuses to start a process that could not read the runs already stored, rather than let it
 * write new ones beside them as if nothing were wrong (see docs/decisions/0019).
 */
export async function assertKeysCoverHistory(
  service: WorkflowService,
  where: { namespace: string; taskQueue: string },
  ring: KeyRing | undefined,
  keyFile: string,
): Promise<void> {
  const missing = await missingKeyIds(service, where, ring);
  if (missing.length === 0) return;
  const names = missing.map((id) => `"${id}"`).join(', ');
  throw new ConfigError(
    `Casts on task queue "${where.taskQueue}" were encrypted with the key${missing.length === 1 ? '' : 's'} ${names}, which ${
      ring
        ? 'TYPECAST_ENCRYPTION_KEYS (or the key file) does not hold'
        : 'this process does not have'
    }. Restore ${missing.length === 1 ? 'it' : 'them'}: set TYPECAST_ENCRYPTION_KEYS to the keys, newest first, or put them back in ${keyFile}. Nothing was started.`,
  );
}
