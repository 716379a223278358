import { acceptsNull, isObjectSchema, isPlainObject, jsonType, setOwn } from './schema-shape.js';
import type { JsonSchema } from './types.js';

export { fromModelAnswer } from './model-answer.js';

/**
 * The schema sent to the model. OpenAI's strict structured outputs need a root object, every
 * property required and `additionalProperties: false` everywhere; so the target is wrapped as
 * `{ value: <target> }`, and an optional property becomes a required nullable one whose null
 * fromModelAnswer removes again. `strict` is false when the target uses something strict mode
 * rejects; the caller then falls back to JSON mode, and the validator still enforces everything.
 */
export function toModelSchema(schema: JsonSchema): { schema: JsonSchema; strict: boolean } {
  const state: State = { strict: true, properties: 1, enumValues: 0, root: schema };
  const { $defs } = schema;
  const target = { ...schema };
  delete target.$defs;
  delete target.$schema;
  const value = convert(target, state, 1);
  const wrapped: JsonSchema = {
    type: 'object',
    properties: { value },
    required: ['value'],
    additionalProperties: false,
  };
  if (isPlainObject($defs)) {
    const defs: Record<string, JsonSchema> = {};
    for (const [name, def] of Object.entries($defs)) {
      setOwn(defs, name, isPlainObject(def) ? convert(def, state, 1) : def);
    }
    wrapped.$defs = defs;
  }
  const withinLimits =
    state.properties <= limits.properties && state.enumValues <= limits.enumValues;
  return { schema: wrapped, strict: state.strict && withinLimits };
}

/** Formats strict mode accepts; others are moved into the description (the validator checks them). */
export const strictFormats: readonly string[] = [
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
];

const strictKeywords = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'anyOf',
  'title',
  'description',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);

const limits = { properties: 5000, objectDepth: 10, enumValues: 1000 };

interface State {
  strict: boolean;
  properties: number;
  enumValues: number;
  root: JsonSchema;
}

function convert(schema: JsonSchema, state: State, objectDepth: number): JsonSchema {
  if (typeof schema.$ref === 'string') {
    // Strict mode wants $ref alone; the root target now sits under properties.value.
    return { $ref: schema.$ref === '#' ? '#/properties/value' : schema.$ref };
  }
  const out: JsonSchema = {};
  const notes: string[] = [];
  let constrained = false;
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'title':
      case 'description':
        out[key] = value;
        break;
      case '$comment':
        break;
      case 'examples':
        notes.push(`Examples: ${JSON.stringify(value)}`);
        break;
      case 'const':
        // Written as a one-value enum, which every strict implementation accepts.
        out.enum = [value];
        state.enumValues++;
        constrained = true;
        break;
      case 'enum':
        out.enum = value;
        state.enumValues += Array.isArray(value) ? value.length : 0;
        constrained = true;
        break;
      case 'format':
        if (typeof value === 'string' && strictFormats.includes(value)) out.format = value;
        else notes.push(`Format: ${String(value)}.`);
        break;
      case 'anyOf':
        out.anyOf = (value as JsonSchema[]).map((s) => convert(s, state, objectDepth));
        constrained = true;
        break;
      case 'items':
        if (isPlainObject(value)) out.items = convert(value, state, objectDepth);
        else if (value === false && Array.isArray(schema.prefixItems)) out.items = false;
        else state.strict = false;
        break;
      case 'prefixItems':
        // Tuples are outside the strict subset.
        out.prefixItems = (value as JsonSchema[]).map((s) => convert(s, state, objectDepth));
        state.strict = false;
        break;
      case 'properties':
      case 'required':
      case 'additionalProperties':
        break; // see object() below
      default:
        out[key] = value;
        if (key === 'type') constrained = true;
        else if (!strictKeywords.has(key)) state.strict = false;
    }
  }
  if (notes.length > 0) {
    out.description = [out.description, ...notes].filter(Boolean).join(' ');
  }
  if (isObjectSchema(schema)) {
    out.type ??= 'object';
    object(schema, out, state, objectDepth + 1);
  } else if (out.type === 'array' && out.items === undefined) {
    // An array of anything: strict mode needs a schema for the items.
    state.strict = false;
  } else if (!constrained) {
    // Any JSON value: strict mode needs a type for every schema.
    state.strict = false;
  }
  if (out.enum && out.type === undefined && !out.anyOf) {
    const types = [...new Set((out.enum as unknown[]).map(jsonType))];
    out.type = types.length === 1 ? types[0] : types;
  }
  return out;
}

function object(schema: JsonSchema, out: JsonSchema, state: State, depth: number): void {
  if (depth > limits.objectDepth) state.strict = false;
  const properties = isPlainObject(schema.properties) ? schema.properties : undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const extra = schema.additionalProperties;
  if (properties) {
    const converted: JsonSchema = {};
    for (const [name, property] of Object.entries(properties)) {
      if (!isPlainObject(property)) {
        setOwn(converted, name, property);
        state.strict = false;
        continue;
      }
      state.properties++;
      let next = convert(property, state, depth);
      if (!required.has(name) && !acceptsNull(property, state.root, 0)) next = nullable(next);
      setOwn(converted, name, next);
    }
    out.properties = converted;
    out.required = Object.keys(converted);
  }
  if (extra === false || (extra === undefined && properties)) {
    out.additionalProperties = false;
  } else {
    // A Record-like map or an open object: strict mode only allows closed objects.
    state.strict = false;
    out.properties ??= {};
    if (isPlainObject(extra)) out.additionalProperties = convert(extra, state, depth);
    else if (extra === true) out.additionalProperties = true;
  }
}

function nullable(schema: JsonSchema): JsonSchema {
  const { type } = schema;
  const plain = !schema.enum && !schema.anyOf && !schema.$ref;
  if (plain && typeof type === 'string' && type !== 'object' && type !== 'array') {
    return { ...schema, type: [type, 'null'] };
  }
  if (
    Array.isArray(schema.anyOf) &&
    Object.keys(schema).every((k) => k === 'anyOf' || k === 'description' || k === 'title')
  ) {
    return { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: 'null' }] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}
