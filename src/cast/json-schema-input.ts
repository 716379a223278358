import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { isPlainObject, unescapePointer } from './schema-shape.js';
import { TargetError } from './target-error.js';
import type { JsonSchema, Target } from './types.js';
import { buildValidator } from './validate.js';

/**
 * Checks a JSON Schema sent by an API client: first that it is a JSON Schema at all (draft
 * 2020-12 meta-schema), then that it keeps to the subset that the strict model schema,
 * the prompt and the validator all understand. Errors name the JSON pointer of the bad part.
 */
export function checkJsonSchema(schema: unknown): Target {
  if (!isPlainObject(schema)) {
    throw new TargetError(
      'InvalidJsonSchema',
      'The JSON Schema must be a JSON object, e.g. {"type": "number"}.',
      { pointer: '' },
    );
  }
  if (schema.$schema !== undefined && schema.$schema !== draft2020) {
    throw unsupported(
      '/$schema',
      `declares ${JSON.stringify(schema.$schema)}; only draft 2020-12 (${draft2020}) is read. Remove $schema or use that value.`,
    );
  }
  checkMetaSchema(schema);
  new SubsetCheck(schema).walk(schema, '', 0);
  try {
    buildValidator(schema);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw unsupported('', `cannot be turned into a validator (${reason}). Simplify it.`);
  }
  const title = typeof schema.title === 'string' ? schema.title.trim() : '';
  return { label: title || 'JSON Schema', schema: structuredClone(schema) };
}

const draft2020 = 'https://json-schema.org/draft/2020-12/schema';
const maxDepth = 64;

/** Formats the validator checks (zod) and the model is told about. */
export const supportedFormats: readonly string[] = [
  'date',
  'date-time',
  'time',
  'duration',
  'email',
  'uri',
  'uuid',
  'hostname',
  'ipv4',
  'ipv6',
];

const annotations = ['title', 'description', '$comment', 'examples'];
const keywords = new Set([
  ...annotations,
  'type',
  'enum',
  'const',
  'anyOf',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  '$ref',
]);
const rootOnly = new Set(['$schema', '$defs']);

const hints: Record<string, string> = {
  oneOf: 'use anyOf instead.',
  allOf: 'merge the schemas into one.',
  not: 'describe the allowed values instead.',
  if: 'conditional schemas are not supported; use anyOf.',
  then: 'conditional schemas are not supported; use anyOf.',
  else: 'conditional schemas are not supported; use anyOf.',
  default: 'remove it: the model leaves optional properties out rather than filling in defaults.',
  patternProperties: 'use additionalProperties with one schema for all extra properties.',
  definitions: 'use $defs at the root.',
  $id: 'remove it; references must be local (#/$defs/...).',
  nullable: 'write "type": ["string", "null"] instead.',
};

let ajv: Ajv2020 | undefined;

function checkMetaSchema(schema: JsonSchema): void {
  // Only the meta-schema is used: values are validated with zod (see validate.ts), so the
  // schema is never compiled here and formats need no implementation.
  ajv ??= new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  if (ajv.validateSchema(schema)) return;
  const errors = ajv.errors ?? [];
  const deepest = errors.reduce<ErrorObject | undefined>(
    (best, e) => (!best || e.instancePath.length > best.instancePath.length ? e : best),
    undefined,
  );
  const pointer = deepest?.instancePath ?? '';
  const allowed = deepest?.params?.allowedValues as unknown[] | undefined;
  const detail = `${deepest?.message ?? 'is not valid'}${allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : ''}`;
  throw new TargetError(
    'InvalidJsonSchema',
    `The JSON Schema is not valid ${where(pointer)}: ${detail}. Fix that part and send it again.`,
    { pointer },
  );
}

class SubsetCheck {
  private readonly defs: Record<string, unknown>;

  constructor(root: JsonSchema) {
    this.defs = isPlainObject(root.$defs) ? root.$defs : {};
  }

  walk(schema: unknown, pointer: string, depth: number): void {
    if (depth > maxDepth) {
      throw unsupported(pointer, `is nested more than ${maxDepth} levels deep; flatten it.`);
    }
    if (typeof schema === 'boolean') {
      throw unsupported(
        pointer,
        `is the boolean schema ${schema}; write {} for any value instead.`,
      );
    }
    if (!isPlainObject(schema)) return; // the meta-schema already rejected it
    for (const key of Object.keys(schema)) {
      if (keywords.has(key) || (depth === 0 && rootOnly.has(key))) continue;
      const hint =
        hints[key] ?? (rootOnly.has(key) ? 'it is only allowed at the root.' : 'remove it.');
      throw unsupported(
        child(pointer, key),
        `uses the keyword "${key}", which typecast does not support; ${hint}`,
      );
    }
    this.reference(schema, pointer, depth === 0);
    this.values(schema, pointer);
    if (typeof schema.format === 'string' && !supportedFormats.includes(schema.format)) {
      throw unsupported(
        child(pointer, 'format'),
        `uses the format "${schema.format}", which typecast cannot check; use one of ${supportedFormats.join(', ')}, or a pattern.`,
      );
    }
    if (typeof schema.pattern === 'string') checkPattern(schema.pattern, child(pointer, 'pattern'));
    this.required(schema, pointer);

    const next = depth + 1;
    for (const key of ['properties', '$defs'] as const) {
      const map = schema[key];
      if (!isPlainObject(map)) continue;
      for (const [name, sub] of Object.entries(map)) {
        this.walk(sub, child(child(pointer, key), name), next);
      }
    }
    for (const key of ['prefixItems', 'anyOf'] as const) {
      const list = schema[key];
      if (!Array.isArray(list)) continue;
      list.forEach((sub, i) => this.walk(sub, child(child(pointer, key), String(i)), next));
    }
    // `false` closes a tuple or an object, `true` allows anything: both are meaningful here.
    for (const key of ['items', 'additionalProperties'] as const) {
      if (isPlainObject(schema[key])) this.walk(schema[key], child(pointer, key), next);
    }
  }

  private reference(schema: JsonSchema, pointer: string, isRoot: boolean): void {
    const ref = schema.$ref;
    if (ref === undefined) return;
    const at = child(pointer, '$ref');
    const prefix = '#/$defs/';
    const name =
      typeof ref === 'string' && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
    if (ref !== '#' && (name === undefined || !Object.hasOwn(this.defs, unescapePointer(name)))) {
      throw unsupported(
        at,
        `refers to ${JSON.stringify(ref)}; only "#" and "#/$defs/<name>" of a name defined in the root $defs are supported.`,
      );
    }
    const extra = Object.keys(schema).find(
      (k) => k !== '$ref' && !annotations.includes(k) && !(isRoot && rootOnly.has(k)),
    );
    if (extra) {
      throw unsupported(
        child(pointer, extra),
        `puts "${extra}" next to $ref; move it into the referenced schema.`,
      );
    }
  }

  // zod ignores required names without a property schema, so they would not be enforced.
  private required(schema: JsonSchema, pointer: string): void {
    if (!Array.isArray(schema.required)) return;
    const properties = isPlainObject(schema.properties) ? schema.properties : {};
    schema.required.forEach((name, i) => {
      if (typeof name === 'string' && !Object.hasOwn(properties, name)) {
        throw unsupported(
          child(child(pointer, 'required'), String(i)),
          `requires "${name}", which is not in properties; add a schema for it under properties.`,
        );
      }
    });
  }

  private values(schema: JsonSchema, pointer: string): void {
    const values = Array.isArray(schema.enum) ? schema.enum : [];
    const all: [unknown, string][] = values.map((v, i) => [
      v,
      child(child(pointer, 'enum'), String(i)),
    ]);
    if ('const' in schema) all.push([schema.const, child(pointer, 'const')]);
    for (const [value, at] of all) {
      if (value !== null && typeof value === 'object') {
        throw unsupported(
          at,
          'is an object or array; enum and const values must be strings, numbers, booleans or null.',
        );
      }
    }
  }
}

function checkPattern(pattern: string, pointer: string): void {
  try {
    // The validator compiles patterns exactly like this (no flags).
    new RegExp(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new TargetError(
      'InvalidJsonSchema',
      `The JSON Schema is not valid ${where(pointer)}: the pattern is not a regular expression (${reason}).`,
      { pointer },
    );
  }
}

function unsupported(pointer: string, problem: string): TargetError {
  return new TargetError('UnsupportedJsonSchema', `The JSON Schema ${where(pointer)} ${problem}`, {
    pointer,
  });
}

function where(pointer: string): string {
  return pointer === '' ? 'at its root' : `at ${pointer}`;
}

/** Appends one RFC 6901 reference token. */
function child(pointer: string, token: string): string {
  return `${pointer}/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
