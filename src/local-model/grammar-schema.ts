import type { GbnfJsonSchema } from 'node-llama-cpp';

type Schema = Record<string, unknown>;

/** A schema the grammar cannot express; `path` points at the part (e.g. `properties.value.not`). */
export class UnsupportedSchemaError extends Error {
  override name = 'UnsupportedSchemaError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path || 'the schema'}: ${reason}`);
  }
}

// Keywords that narrow the valid values in ways a grammar cannot follow; the caller's
// validator still checks them (pattern, minimum, …), so they are dropped here on purpose.
const advisory = new Set([
  'title',
  'description',
  '$comment',
  '$schema',
  '$id',
  'examples',
  'default',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'uniqueItems',
  'required',
  'readOnly',
  'writeOnly',
  'deprecated',
]);

const understood = new Set([
  ...advisory,
  'type',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  '$ref',
  '$defs',
  'format',
  'minLength',
  'maxLength',
  'properties',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
]);

// The grammar knows these string formats; any other format is left to the validator.
const grammarFormats = new Set(['date', 'time', 'date-time']);

const anyJson: GbnfJsonSchema = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'array' },
    { type: 'object', additionalProperties: true },
  ],
};

/**
 * Rewrites a JSON Schema (the subset OpenAI's structured outputs take, and a little more) into
 * the schema node-llama-cpp turns into a grammar. Its dialect differs: alternatives are `oneOf`
 * only, a schema without a type means null, and every listed property is generated. Anything
 * the grammar cannot express is refused with the path to it, never silently loosened.
 */
export function toGrammarSchema(schema: unknown): GbnfJsonSchema {
  return convert(schema, '');
}

function convert(schema: unknown, path: string): GbnfJsonSchema {
  if (schema === true) return anyJson;
  if (!isObject(schema)) throw new UnsupportedSchemaError(path, 'a schema must be an object');
  for (const key of Object.keys(schema)) {
    if (!understood.has(key))
      throw new UnsupportedSchemaError(join(path, key), `the keyword "${key}" is not supported`);
  }
  const defs = schema.$defs === undefined ? undefined : convertDefs(schema.$defs, path);
  const withDefs = (out: GbnfJsonSchema): GbnfJsonSchema =>
    defs ? ({ ...out, $defs: defs } as GbnfJsonSchema) : out;

  if (typeof schema.$ref === 'string') {
    if (!/^#\/\$defs\/[^/]+$/.test(schema.$ref))
      throw new UnsupportedSchemaError(
        join(path, '$ref'),
        `only references to "#/$defs/…" are supported, not "${schema.$ref}"`,
      );
    return withDefs({ $ref: schema.$ref } as GbnfJsonSchema);
  }
  if ('const' in schema) return withDefs({ const: literal(schema.const, join(path, 'const')) });
  if (schema.enum !== undefined) {
    if (!Array.isArray(schema.enum) || schema.enum.length === 0)
      throw new UnsupportedSchemaError(join(path, 'enum'), 'enum must be a non-empty array');
    return withDefs({
      enum: schema.enum.map((value, i) => literal(value, join(path, `enum.${i}`))),
    });
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) {
    const key = schema.anyOf !== undefined ? 'anyOf' : 'oneOf';
    if (!Array.isArray(alternatives) || alternatives.length === 0)
      throw new UnsupportedSchemaError(join(path, key), `${key} must be a non-empty array`);
    return withDefs({
      oneOf: alternatives.map((alt, i) => convert(alt, join(path, `${key}.${i}`))),
    });
  }
  if (Array.isArray(schema.type)) {
    const types: unknown[] = schema.type;
    return withDefs({
      oneOf: types.map((type) => convert({ ...schema, type, $defs: undefined }, path)),
    });
  }
  if (schema.type === undefined) {
    if (schema.properties !== undefined || schema.additionalProperties !== undefined)
      return withDefs(convertTyped({ ...schema, type: 'object' }, path));
    return withDefs(anyJson);
  }
  return withDefs(convertTyped(schema, path));
}

function convertTyped(schema: Schema, path: string): GbnfJsonSchema {
  switch (schema.type) {
    case 'string': {
      const format = typeof schema.format === 'string' ? schema.format : undefined;
      if (format && grammarFormats.has(format))
        return { type: 'string', format: format as 'date' | 'time' | 'date-time' };
      return {
        type: 'string',
        ...(typeof schema.minLength === 'number' ? { minLength: schema.minLength } : {}),
        ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
      };
    }
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { type: schema.type };
    case 'array':
      return {
        type: 'array',
        ...(schema.items !== undefined && schema.items !== false
          ? { items: convert(schema.items, join(path, 'items')) }
          : {}),
        ...(Array.isArray(schema.prefixItems)
          ? {
              prefixItems: schema.prefixItems.map((item, i) =>
                convert(item, join(path, `prefixItems.${i}`)),
              ),
            }
          : {}),
        ...(typeof schema.minItems === 'number' ? { minItems: schema.minItems } : {}),
        ...(typeof schema.maxItems === 'number' ? { maxItems: schema.maxItems } : {}),
      } as GbnfJsonSchema;
    case 'object': {
      const properties: Record<string, GbnfJsonSchema> = {};
      if (schema.properties !== undefined) {
        if (!isObject(schema.properties))
          throw new UnsupportedSchemaError(join(path, 'properties'), 'must be an object');
        for (const [name, property] of Object.entries(schema.properties))
          properties[name] = convert(property, join(path, `properties.${name}`));
      }
      const extra = schema.additionalProperties;
      return {
        type: 'object',
        properties,
        ...(extra === true || extra === undefined
          ? schema.properties === undefined
            ? { additionalProperties: true }
            : {}
          : extra === false
            ? {}
            : { additionalProperties: convert(extra, join(path, 'additionalProperties')) }),
        ...(typeof schema.minProperties === 'number'
          ? { minProperties: schema.minProperties }
          : {}),
        ...(typeof schema.maxProperties === 'number'
          ? { maxProperties: schema.maxProperties }
          : {}),
      } as GbnfJsonSchema;
    }
    default:
      throw new UnsupportedSchemaError(
        join(path, 'type'),
        `unknown type ${JSON.stringify(schema.type)}`,
      );
  }
}

function convertDefs(defs: unknown, path: string): Record<string, GbnfJsonSchema> {
  if (!isObject(defs)) throw new UnsupportedSchemaError(join(path, '$defs'), 'must be an object');
  return Object.fromEntries(
    Object.entries(defs).map(([name, def]) => [name, convert(def, join(path, `$defs.${name}`))]),
  );
}

function literal(value: unknown, path: string): string | number | boolean | null {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
    return value as string | number | boolean | null;
  throw new UnsupportedSchemaError(path, 'only strings, numbers, booleans and null can be listed');
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
