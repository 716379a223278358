import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

/**
 * Payloads read straight from the service (list results, a pending activity's last failure)
 * are as stored: encrypted. These decode them with the client's own codecs, in the reverse
 * order of encoding, as the SDK does for what it reads itself.
 */
export async function decodeStored(client: Client, payloads: Payload[]): Promise<Payload[]> {
  let decoded = payloads;
  for (const codec of [...client.options.loadedDataConverter.payloadCodecs].reverse())
    decoded = await codec.decode(decoded);
  return decoded;
}

/** A memo as the visibility store returns it, decoded to its values. */
export async function decodeMemo(
  client: Client,
  fields: Record<string, Payload> | null | undefined,
): Promise<Record<string, unknown>> {
  const keys = Object.keys(fields ?? {});
  if (keys.length === 0) return {};
  const decoded = await decodeStored(
    client,
    keys.map((key) => fields![key]!),
  );
  const converter = client.options.loadedDataConverter.payloadConverter;
  return Object.fromEntries(keys.map((key, i) => [key, converter.fromPayload(decoded[i]!)]));
}

/**
 * The message of a failure as stored: with the failure converter of this app, message and stack
 * trace travel encoded (and encrypted) in `encodedAttributes`, and the message field only says
 * "Encoded failure".
 */
export async function failureMessage(
  client: Client,
  failure: temporal.api.failure.v1.IFailure,
): Promise<string> {
  if (!failure.encodedAttributes) return failure.message ?? '';
  const [decoded] = await decodeStored(client, [failure.encodedAttributes]);
  const converter = client.options.loadedDataConverter.payloadConverter;
  const attributes = converter.fromPayload<{ message?: unknown }>(decoded!);
  return typeof attributes?.message === 'string' ? attributes.message : (failure.message ?? '');
}
