import { compilePattern, PatternError } from './linear-pattern.js';
import { invalid, unsupported } from './json-schema-error.js';
import { maxSchemaDepth } from './schema-limits.js';
import type { ReferenceOwner } from './schema-references.js';
import { childPointer as child, isPlainObject, unescapePointer } from './schema-shape.js';
import type { JsonSchema } from './types.js';

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

/**
 * Checks that a schema (already valid against the meta-schema and within the JSON bounds) keeps
 * to the subset that the strict model schema, the prompt and the validator all understand.
 * Returns what the reference check needs: the root and each $defs entry with the references
 * inside it. Recursion here is bounded by maxSchemaDepth per owner.
 */
export function checkSubset(root: JsonSchema): ReferenceOwner[] {
  const defs = isPlainObject(root.$defs) ? root.$defs : {};
  const owners: ReferenceOwner[] = [new SubsetCheck(defs, '#').walkOwner(root, '')];
  for (const [name, def] of Object.entries(defs)) {
    const pointer = child('/$defs', name);
    owners.push(new SubsetCheck(defs, `#${pointer}`).walkOwner(def, pointer));
  }
  return owners;
}

class SubsetCheck {
  private readonly owner: ReferenceOwner;

  constructor(
    private readonly defs: Record<string, unknown>,
    ref: string,
  ) {
    this.owner = { ref, depth: 0, subschemas: 0, references: [] };
  }

  walkOwner(schema: unknown, pointer: string): ReferenceOwner {
    this.walk(schema, pointer, 0, this.owner.ref === '#');
    return this.owner;
  }

  private walk(schema: unknown, pointer: string, depth: number, isRoot: boolean): void {
    if (depth > maxSchemaDepth) {
      throw unsupported(pointer, `is nested more than ${maxSchemaDepth} levels deep; flatten it.`);
    }
    if (typeof schema === 'boolean') {
      throw unsupported(
        pointer,
        `is the boolean schema ${schema}; write {} for any value instead.`,
      );
    }
    if (!isPlainObject(schema)) return; // the meta-schema already rejected it
    this.owner.depth = Math.max(this.owner.depth, depth);
    this.owner.subschemas++;
    for (const key of Object.keys(schema)) {
      if (keywords.has(key) || (isRoot && rootOnly.has(key))) continue;
      const hint =
        hints[key] ?? (rootOnly.has(key) ? 'it is only allowed at the root.' : 'remove it.');
      throw unsupported(
        child(pointer, key),
        `uses the keyword "${key}", which typecast does not support; ${hint}`,
      );
    }
    this.reference(schema, pointer, depth, isRoot);
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
    if (isPlainObject(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        this.walk(sub, child(child(pointer, 'properties'), name), next, false);
      }
    }
    for (const key of ['prefixItems', 'anyOf'] as const) {
      const list = schema[key];
      if (!Array.isArray(list)) continue;
      list.forEach((sub, i) => this.walk(sub, child(child(pointer, key), String(i)), next, false));
    }
    // `false` closes a tuple or an object, `true` allows anything: both are meaningful here.
    for (const key of ['items', 'additionalProperties'] as const) {
      if (isPlainObject(schema[key])) this.walk(schema[key], child(pointer, key), next, false);
    }
  }

  private reference(schema: JsonSchema, pointer: string, depth: number, isRoot: boolean): void {
    const ref = schema.$ref;
    if (ref === undefined) return;
    const at = child(pointer, '$ref');
    const prefix = '#/$defs/';
    const name =
      typeof ref === 'string' && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
    if (ref !== '#' && (name === undefined || !Object.hasOwn(this.defs, unescapePointer(name)))) {
      throw unsupported(
        at,
        `refers to ${JSON.stringify(ref)}; only "#/$defs/<name>" of a name defined in the root $defs is supported.`,
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
    // Written the way checkSubset names owners, so "#/$defs/a~1b" and its escapes agree.
    const target = name === undefined ? '#' : `#${child('/$defs', unescapePointer(name))}`;
    this.owner.references.push({ pointer: at, depth, target });
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

/** The validator runs patterns on RE2 (linear-pattern.ts); refuse here what it could not run. */
function checkPattern(pattern: string, pointer: string): void {
  try {
    compilePattern(pattern);
  } catch (err) {
    if (!(err instanceof PatternError)) throw err;
    if (err.kind === 'invalid') {
      throw invalid(pointer, `the pattern is not a regular expression (${err.message}).`);
    }
    throw unsupported(
      pointer,
      `${err.message}. Rewrite the pattern without it, or describe the format in "description" instead.`,
    );
  }
}
