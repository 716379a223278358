import { schemaWalkDepthGuard } from './schema-limits.js';
import type { JsonSchema } from './types.js';

/** The JSON types a schema admits, as far as its own keywords say. */
export function schemaTypes(schema: JsonSchema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (Array.isArray(schema.enum)) return schema.enum.map(jsonType);
  if ('const' in schema) return [jsonType(schema.const)];
  if (isObjectSchema(schema)) return ['object'];
  return [];
}

/** Whether null is a valid value of the (original) schema. */
export function acceptsNull(schema: unknown, root: JsonSchema, depth: number): boolean {
  if (schema === true) return true;
  if (!isPlainObject(schema) || depth > schemaWalkDepthGuard) return false;
  if (typeof schema.$ref === 'string')
    return acceptsNull(resolveRef(schema.$ref, root), root, depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum.includes(null);
  if ('const' in schema) return schema.const === null;
  if (Array.isArray(schema.anyOf) && schema.anyOf.some((s) => acceptsNull(s, root, depth + 1))) {
    return true;
  }
  const { type } = schema;
  if (type === undefined) return !Array.isArray(schema.anyOf);
  return type === 'null' || (Array.isArray(type) && type.includes('null'));
}

export function resolveRef(ref: string, root: JsonSchema): unknown {
  if (ref === '#') return root;
  const prefix = '#/$defs/';
  if (!ref.startsWith(prefix) || !isPlainObject(root.$defs)) return undefined;
  const name = unescapePointer(ref.slice(prefix.length));
  return Object.hasOwn(root.$defs, name) ? root.$defs[name] : undefined;
}

/** Appends one RFC 6901 reference token to a JSON pointer. */
export function childPointer(pointer: string, token: string): string {
  return `${pointer}/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Reads one RFC 6901 reference token. */
export function unescapePointer(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

export function isObjectSchema(schema: JsonSchema): boolean {
  const { type } = schema;
  return (
    type === 'object' ||
    (Array.isArray(type) && type.includes('object')) ||
    (type === undefined &&
      (schema.properties !== undefined || schema.additionalProperties !== undefined))
  );
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Assignment would turn a `__proto__` key into a prototype change. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
