import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
// The SDK's own decoding of what it reads itself, for what it hands over as stored. Not
// re-exported at the package's top level; the version is pinned.
import {
  decodeMapFromPayloads,
  decodeOptionalFailureToOptionalError,
} from '@temporalio/common/lib/internal-non-workflow/codec-helpers.js';
import type { temporal } from '@temporalio/proto';

/**
 * Payloads read straight from the service (list results, a pending activity's last failure)
 * are as stored: encrypted, and a failure's message and stack encoded as a payload too. These
 * decode them with the client's own data converter, which wrote them.
 */
export async function decodeMemo(
  client: Client,
  fields: Record<string, Payload> | null | undefined,
): Promise<Record<string, unknown>> {
  return (await decodeMapFromPayloads(client.options.loadedDataConverter, fields)) ?? {};
}

/** A failure as stored, as the error it stands for (castErrorOf reads it). */
export async function decodeFailure(
  client: Client,
  failure: temporal.api.failure.v1.IFailure,
): Promise<Error | undefined> {
  return decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, failure);
}
