import type { Payload } from '@temporalio/common';
import { decodeStoredPayload } from './encryption.js';

const isPayload = (value: object): value is Payload =>
  'data' in value && 'metadata' in value && value.metadata !== null;

/**
 * Everything a stored object (a history, a description, a list page from the SDK) says, as
 * searchable text: bytes as UTF-8, every payload first decoded with the suite's keys. What a
 * person with the keys could read; compare with storedText for what anyone else can.
 */
export async function decodedText(value: unknown): Promise<string> {
  return JSON.stringify(await walk(value, true));
}

/** The same without keys: payload bytes as they are stored, as UTF-8. */
export async function storedText(value: unknown): Promise<string> {
  return JSON.stringify(await walk(value, false));
}

async function walk(value: unknown, decode: boolean): Promise<unknown> {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return Promise.all(value.map((v) => walk(v, decode)));
  if (value === null || typeof value !== 'object') return value;
  let object = value;
  if (decode && isPayload(object)) object = await decodeStoredPayload(object);
  const entries = await Promise.all(
    Object.entries(object).map(async ([key, v]) => [key, await walk(v, decode)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Every string in a JSON document as the CLI prints it, with each one that is base64 also
 * decoded: payload bytes appear there in base64, where a plain search would miss them.
 */
export function jsonStrings(json: unknown): string {
  const out: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      out.push(value);
      if (/^[A-Za-z0-9+/=_-]{4,}$/.test(value))
        out.push(Buffer.from(value, 'base64').toString('utf8'));
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object')
      for (const [key, v] of Object.entries(value)) {
        out.push(key);
        visit(v);
      }
  };
  visit(json);
  return out.join('\n');
}
