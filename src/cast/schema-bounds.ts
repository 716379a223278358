import { maxSchemaChars, maxSchemaJsonDepth } from './schema-limits.js';
import { childPointer } from './schema-shape.js';

export type SchemaBoundsProblem =
  | { kind: 'depth'; pointer: string; limit: number }
  | { kind: 'size'; chars: number; limit: number };

interface Pending {
  value: unknown;
  depth: number;
  parent?: Pending;
  key?: string;
}

/**
 * Measures a schema's JSON without recursion, so it is safe on anything a JSON parser produced:
 * first how deep it nests (an explicit stack), then, once that is known to be small, how long
 * its JSON text is. Undefined when it is within both bounds.
 */
export function schemaBoundsProblem(schema: unknown): SchemaBoundsProblem | undefined {
  const pending: Pending[] = [{ value: schema, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    const { value, depth } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxSchemaJsonDepth) {
      return { kind: 'depth', pointer: pointerOf(next), limit: maxSchemaJsonDepth };
    }
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, item] of entries) {
      pending.push({ value: item, depth: depth + 1, parent: next, key: String(key) });
    }
  }
  const chars = JSON.stringify(schema)?.length ?? 0;
  return chars > maxSchemaChars ? { kind: 'size', chars, limit: maxSchemaChars } : undefined;
}

function pointerOf(item: Pending): string {
  const keys: string[] = [];
  for (let at: Pending | undefined = item; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().reduce(childPointer, '');
}
