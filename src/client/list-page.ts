import { status as grpcStatus } from '@grpc/grpc-js';
import type { Client, RawWorkflowExecutionInfo } from '@temporalio/client';
import proto from '@temporalio/proto';
import { z } from 'zod';
import { decodeMemo } from './stored-payloads.js';

// A CommonJS module whose names Node cannot list for an ES import: read them off the default.
const { WorkflowExecutionStatus: Status } = proto.temporal.api.enums.v1;

/** A page token this API did not hand out, or one the server no longer accepts. */
export class InvalidPageTokenError extends Error {
  override name = 'InvalidPageTokenError';
}

// Our tokens wrap the server's, so a token we never issued is refused here, at once: servers
// answer a foreign token with INVALID_ARGUMENT or UNKNOWN, and the client retries UNKNOWN for
// many seconds.
const tokenPrefix = 'typecast-page:';
const tokenDeadlineMs = 5_000;

// Visibility lists open runs first, then closed ones by close time. A run listed while open
// that closes before the next page moves below the server's cursor and would be listed again,
// so the token also carries the open runs listed so far (the newest of them, up to this many).
const maxRememberedOpenRuns = 200;
// A page whose runs were all listed before is skipped, a bounded number of times.
const maxSkippedPages = 5;

interface PageCursor {
  server: Uint8Array;
  listedOpen: string[];
}

const cursorSchema = z.object({
  server: z.string().min(1),
  listedOpen: z.array(z.string()).max(maxRememberedOpenRuns),
});

function encodePageToken({ server, listedOpen }: PageCursor): string {
  const body = JSON.stringify({ server: Buffer.from(server).toString('base64'), listedOpen });
  return Buffer.from(tokenPrefix + body).toString('base64url');
}

function decodePageToken(pageToken: string): PageCursor {
  const text = Buffer.from(pageToken, 'base64url').toString('utf8');
  if (!text.startsWith(tokenPrefix)) throw new InvalidPageTokenError('unknown page token');
  let body: unknown;
  try {
    body = JSON.parse(text.slice(tokenPrefix.length));
  } catch {
    throw new InvalidPageTokenError('unreadable page token');
  }
  const cursor = cursorSchema.safeParse(body);
  if (!cursor.success) throw new InvalidPageTokenError('unreadable page token');
  return {
    server: Buffer.from(cursor.data.server, 'base64'),
    listedOpen: cursor.data.listedOpen,
  };
}

/**
 * INVALID_ARGUMENT, or UNKNOWN as the dev server answers a token it cannot read — which the
 * client retries until our deadline: DEADLINE_EXCEEDED.
 */
const tokenRefusals = new Set<unknown>([
  grpcStatus.INVALID_ARGUMENT,
  grpcStatus.UNKNOWN,
  grpcStatus.DEADLINE_EXCEEDED,
]);

function refusesToken(err: unknown): boolean {
  return tokenRefusals.has((err as { code?: unknown }).code);
}

export interface RunPageOptions {
  workflowType: string;
  /** Only runs of this task queue: the ones this app started and may read and cancel. */
  taskQueue: string;
  pageSize: number;
  pageToken?: string;
}

/** One run of a page: the server's entry, and its memo decoded with the client's own converter. */
export interface ListedRun {
  execution: RawWorkflowExecutionInfo;
  memo<T>(key: string): T | undefined;
}

export interface RunPage {
  runs: ListedRun[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextPageToken?: string;
}

/**
 * Runs of one workflow type on one task queue from Temporal's visibility store, newest first,
 * one page at a time: the paging that the lists of casts and of batches share. Each run is
 * listed once across the pages of one listing, even when it closes in between (a page may then
 * hold fewer than pageSize runs).
 */
export async function listRunPage(
  client: Client,
  { workflowType, taskQueue, pageSize, pageToken }: RunPageOptions,
): Promise<RunPage> {
  const request = {
    namespace: client.options.namespace,
    pageSize,
    // Visibility returns the newest first; the dev server and SQL stores reject ORDER BY.
    query: `WorkflowType = ${queryString(workflowType)} AND TaskQueue = ${queryString(taskQueue)}`,
  };
  let cursor = pageToken ? decodePageToken(pageToken) : undefined;
  let executions: RawWorkflowExecutionInfo[] = [];
  for (let skipped = 0; skipped <= maxSkippedPages; skipped++) {
    const response = cursor
      ? await listAfter(client, { ...request, nextPageToken: cursor.server })
      : await client.workflowService.listWorkflowExecutions(request);
    const listedOpen = new Set(cursor?.listedOpen);
    executions = (response.executions ?? []).filter(
      (execution) => !listedOpen.has(execution.execution?.runId ?? ''),
    );
    const next = response.nextPageToken;
    cursor =
      next && next.length > 0
        ? { server: next, listedOpen: rememberOpen(cursor?.listedOpen ?? [], executions) }
        : undefined;
    if (executions.length > 0 || !cursor) break;
  }
  const runs = await Promise.all(
    executions.map(async (execution): Promise<ListedRun> => {
      // As stored: encrypted. Decoded with the client's own converter, which wrote it.
      const memo = await decodeMemo(client, execution.memo?.fields);
      return { execution, memo: <T>(key: string) => memo[key] as T | undefined };
    }),
  );
  return { runs, ...(cursor ? { nextPageToken: encodePageToken(cursor) } : {}) };
}

/** The next page after a token of ours; a token the server refuses is the caller's mistake. */
function listAfter(
  client: Client,
  request: Parameters<Client['workflowService']['listWorkflowExecutions']>[0],
) {
  return client
    .withDeadline(Date.now() + tokenDeadlineMs, () =>
      client.workflowService.listWorkflowExecutions(request),
    )
    .catch((err: unknown) => {
      if (refusesToken(err))
        throw new InvalidPageTokenError(`the server refused the page token: ${String(err)}`);
      throw err;
    });
}

/** The open runs listed so far, this page's added, the newest kept when there are too many. */
function rememberOpen(before: string[], listed: RawWorkflowExecutionInfo[]): string[] {
  const open = listed
    .filter((execution) => execution.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING)
    .map((execution) => execution.execution?.runId ?? '')
    .filter((runId) => runId !== '');
  return [...before, ...open].slice(-maxRememberedOpenRuns);
}

/**
 * A string literal of Temporal's list filter: a quote is written twice, as in SQL. Backslashes
 * are escapes there, so configuration refuses them in task queue names.
 */
function queryString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A visibility timestamp as ISO text. */
export function timestamp(
  value?: { seconds?: unknown; nanos?: number | null } | null,
): string | undefined {
  if (!value?.seconds) return undefined;
  const ms = Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}
