import { isObjectSchema, isPlainObject, schemaTypes } from './schema-shape.js';
import type { JsonSchema } from './types.js';

/** What kind of value a target asks for, as far as choosing examples and hints goes. */
export type Kind =
  | 'choice'
  | 'number'
  | 'boolean'
  | 'date'
  | 'string'
  | 'array'
  | 'object'
  | 'other';

export function kindOf(schema: JsonSchema): Kind {
  if (Array.isArray(schema.enum)) return 'choice';
  if (isObjectSchema(schema)) return 'object';
  const types = schemaTypes(schema).filter((t) => t !== 'null');
  const type = types.length === 1 ? types[0] : undefined;
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean' || type === 'array') return type;
  if (type === 'string') {
    return schema.format === 'date' || schema.format === 'date-time' ? 'date' : 'string';
  }
  return 'other';
}

/**
 * How alike two targets are, 0 when they ask for different kinds of value: a list is more
 * alike when its items are, an object when its properties are of the same kinds.
 */
export function likeness(a: JsonSchema, b: JsonSchema): number {
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return 0;
  if (kind === 'array') return 1 + likeness(itemsOf(a), itemsOf(b)) / 2;
  if (kind === 'object') return 1 + overlap(propertyKinds(a), propertyKinds(b));
  return 1;
}

function itemsOf(schema: JsonSchema): JsonSchema {
  return isPlainObject(schema.items) ? schema.items : {};
}

function propertyKinds(schema: JsonSchema): Kind[] {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  return Object.values(properties).map((p) => (isPlainObject(p) ? kindOf(p) : 'other'));
}

/** The share of kinds the two lists have in common, counting repeats: 1 for the same multiset. */
function overlap(a: Kind[], b: Kind[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const rest = [...b];
  let shared = 0;
  for (const kind of a) {
    const at = rest.indexOf(kind);
    if (at >= 0) {
      rest.splice(at, 1);
      shared++;
    }
  }
  return shared / Math.max(a.length, b.length);
}
