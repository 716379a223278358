import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CAST_LOGIC_VERSION } from './cast-logic-version.js';
import type { CastRequest } from './types.js';

/**
 * The identity of a cast: a SHA-256 of the RFC 8785 canonical JSON of everything that decides
 * its result. Key order and whitespace in the schema do not matter; the target's label does
 * not either, so `number[]` typed as an expression or picked as a preset is the same cast.
 * `version` is a parameter only so tests can show it is part of the key.
 */
export function castKey(request: CastRequest, version: string = CAST_LOGIC_VERSION): string {
  const identity = {
    text: wellFormed(request.text),
    schema: request.target.schema,
    instructions: wellFormed(request.instructions ?? ''),
    model: request.model,
    version,
  };
  const canonical = canonicalize(identity);
  if (canonical === undefined) throw new TypeError('A cast request must be JSON.');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The workflow id of a cast, so the same request joins or returns the same run. */
export function castWorkflowId(request: CastRequest): string {
  return `cast-${castKey(request).slice(0, 32)}`;
}

/**
 * RFC 8785 refuses lone surrogates, which a JSON client can send; they are replaced by U+FFFD
 * as any UTF-8 encoder would.
 */
function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}
