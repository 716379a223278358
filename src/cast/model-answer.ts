import {
  acceptsNull,
  isPlainObject,
  jsonType,
  resolveRef,
  schemaTypes,
  setOwn,
} from './schema-shape.js';
import { schemaWalkDepthGuard } from './schema-limits.js';
import type { JsonSchema } from './types.js';

/**
 * Undoes the wrapping: takes `.value`, and drops the nulls that stand for optional properties
 * the model left out (only where the target has the property optional and not nullable).
 * An answer without the wrapper (possible in JSON mode) is taken as the value itself.
 */
export function fromModelAnswer(answer: unknown, schema: JsonSchema): unknown {
  const value = isPlainObject(answer) && Object.hasOwn(answer, 'value') ? answer.value : answer;
  return withoutAbsent(value, schema, schema, 0);
}

function withoutAbsent(value: unknown, schema: unknown, root: JsonSchema, depth: number): unknown {
  if (!isPlainObject(schema) || depth > schemaWalkDepthGuard) return value;
  if (typeof schema.$ref === 'string') {
    return withoutAbsent(value, resolveRef(schema.$ref, root), root, depth + 1);
  }
  if (Array.isArray(schema.anyOf)) {
    const branch = matchingBranch(value, schema.anyOf, root);
    if (branch) value = withoutAbsent(value, branch, root, depth + 1);
  }
  if (Array.isArray(value)) {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    return value.map((item, i) =>
      withoutAbsent(item, i < prefix.length ? prefix[i] : schema.items, root, depth + 1),
    );
  }
  if (!isPlainObject(value)) return value;
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    const absent =
      item === null &&
      property !== undefined &&
      !required.includes(key) &&
      !acceptsNull(property, root, 0);
    if (absent) continue;
    setOwn(out, key, withoutAbsent(item, property ?? schema.additionalProperties, root, depth + 1));
  }
  return out;
}

/** The anyOf branch a value was meant for: same JSON type, and for objects the same keys. */
function matchingBranch(
  value: unknown,
  branches: unknown[],
  root: JsonSchema,
): JsonSchema | undefined {
  const type = jsonType(value);
  const candidates = branches
    .map((b) => (isPlainObject(b) && typeof b.$ref === 'string' ? resolveRef(b.$ref, root) : b))
    .filter(isPlainObject)
    .filter((b) =>
      schemaTypes(b).some((t) => t === type || (t === 'integer' && type === 'number')),
    );
  if (type !== 'object' || !isPlainObject(value)) return candidates[0];
  return (
    candidates.find((b) => {
      const properties = isPlainObject(b.properties) ? b.properties : {};
      return Object.keys(value).every((k) => Object.hasOwn(properties, k));
    }) ?? candidates[0]
  );
}
