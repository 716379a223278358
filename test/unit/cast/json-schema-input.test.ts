import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../../../src/cast/json-schema-input.js';
import {
  maxSchemaChars,
  maxSchemaDepth,
  maxSchemaJsonDepth,
} from '../../../src/cast/schema-limits.js';
import { TargetError } from '../../../src/cast/target-error.js';
import { validateValue } from '../../../src/cast/validate.js';

function errorOf(schema: unknown): TargetError {
  try {
    checkJsonSchema(schema);
  } catch (err) {
    expect(err).toBeInstanceOf(TargetError);
    return err as TargetError;
  }
  throw new Error(`expected ${JSON.stringify(schema)} to be rejected`);
}

describe('checkJsonSchema', () => {
  it('accepts a schema in the supported subset and labels it with its title', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Order',
      type: 'object',
      properties: {
        id: { type: 'string', pattern: '^[A-Z]{2}-[0-9]+$', description: 'Order number' },
        total: { type: 'number', minimum: 0, exclusiveMaximum: 1e6 },
        items: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        status: { enum: ['open', 'paid', null] },
        placed: { type: ['string', 'null'], format: 'date-time' },
        pair: {
          type: 'array',
          prefixItems: [{ type: 'string' }, { type: 'integer' }],
          items: false,
        },
        kind: { const: 'order' },
        note: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        tags: { type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['id', 'total'],
      additionalProperties: false,
    };
    const target = checkJsonSchema(schema);
    expect(target).toEqual({ label: 'Order', schema });
    expect(target.schema).not.toBe(schema);
  });

  it('labels an untitled schema "JSON Schema"', () => {
    expect(checkJsonSchema({ type: 'number' }).label).toBe('JSON Schema');
    expect(checkJsonSchema({ type: 'number', title: '  ' }).label).toBe('JSON Schema');
  });

  it('accepts local references to $defs', () => {
    const schema = {
      $defs: {
        person: {
          type: 'object',
          properties: { name: { type: 'string' }, 'home/town': { $ref: '#/$defs/a~1b' } },
          required: ['name'],
        },
        'a/b': { type: 'string', minLength: 2 },
      },
      type: 'array',
      items: { $ref: '#/$defs/person' },
    };
    const target = checkJsonSchema(schema);
    expect(validateValue(target.schema, [{ name: 'a', 'home/town': 'Oslo' }]).ok).toBe(true);
    expect(validateValue(target.schema, [{ name: 2 }])).toEqual({
      ok: false,
      issues: ['value[0].name: expected string, received number'],
    });
  });

  it.each([
    ['a string', 'number', ''],
    ['an array', [{ type: 'number' }], ''],
    ['null', null, ''],
    ['an unknown type', { type: 'strin' }, '/type'],
    [
      'a nested unknown type',
      { type: 'object', properties: { a: { type: 3 } } },
      '/properties/a/type',
    ],
    ['a negative minLength', { type: 'string', minLength: -1 }, '/minLength'],
    ['required that is not a list', { type: 'object', required: 'a' }, '/required'],
    ['an invalid pattern', { type: 'string', pattern: '([a-z' }, '/pattern'],
  ])('rejects %s as invalid, with the pointer', (_, schema, pointer) => {
    const error = errorOf(schema);
    expect(error.code).toBe('InvalidJsonSchema');
    expect(error.pointer).toBe(pointer);
    if (pointer) expect(error.message).toContain(pointer);
  });

  it.each([
    ['oneOf', { oneOf: [{ type: 'string' }, { type: 'number' }] }, '/oneOf', 'anyOf'],
    [
      'allOf deep inside',
      { type: 'array', items: { allOf: [{ type: 'string' }] } },
      '/items/allOf',
      'merge',
    ],
    ['if/then', { if: { type: 'string' }, then: { minLength: 2 } }, '/if', 'conditional'],
    [
      'default',
      { type: 'object', properties: { a: { type: 'string', default: 'x' } } },
      '/properties/a/default',
      'default',
    ],
    [
      'patternProperties',
      { type: 'object', patternProperties: { '^x': {} } },
      '/patternProperties',
      'additionalProperties',
    ],
    ['an unknown format', { type: 'string', format: 'credit-card' }, '/format', 'credit-card'],
    ['a lookahead pattern', { type: 'string', pattern: '^(?!x)' }, '/pattern', 'linear-time'],
    [
      'a backreference deep inside',
      { type: 'array', items: { type: 'string', pattern: '(a)\\1' } },
      '/items/pattern',
      'backreference',
    ],
    ['an external $ref', { $ref: 'https://example.com/schema.json' }, '/$ref', '#/$defs'],
    [
      'a dangling $ref',
      { $defs: { a: { type: 'string' } }, $ref: '#/$defs/b' },
      '/$ref',
      '#/$defs/b',
    ],
    [
      '$ref with siblings',
      { $defs: { a: { type: 'string' } }, $ref: '#/$defs/a', minLength: 2 },
      '/minLength',
      '$ref',
    ],
    [
      'nested $defs',
      { type: 'object', properties: { a: { $defs: {} } } },
      '/properties/a/$defs',
      'root',
    ],
    ['an object enum value', { enum: ['a', { b: 1 }] }, '/enum/1', 'enum'],
    [
      'a required name without a property',
      { type: 'object', required: ['a'] },
      '/required/0',
      'properties',
    ],
    ['a boolean subschema', { type: 'object', properties: { a: true } }, '/properties/a', '{}'],
    [
      'another draft',
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
      '/$schema',
      '2020-12',
    ],
    [
      'a key with a slash',
      { type: 'object', properties: { 'a/b': { not: {} } } },
      '/properties/a~1b/not',
      'not',
    ],
  ])('rejects %s as unsupported, with the pointer', (_, schema, pointer, hint) => {
    const error = errorOf(schema);
    expect(error.code).toBe('UnsupportedJsonSchema');
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(pointer);
    expect(error.message).toContain(hint);
  });
});

/** `levels` schemas, each the only property of the one above it. */
function nested(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'number' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

describe('checkJsonSchema bounds what it reads before anything recursive runs', () => {
  it('refuses a schema nested 1,000 levels deep with a 422 error, not a stack overflow', () => {
    const error = errorOf(nested(1_000));
    expect(error.code).toBe('UnsupportedJsonSchema');
    expect(error.message).toContain(`nested more than ${maxSchemaJsonDepth} levels of JSON`);
    expect(error.pointer).toMatch(/^(\/properties\/a){50}$/);
  });

  it('refuses deep JSON in values that are not schemas, such as examples', () => {
    let example: unknown = 1;
    for (let i = 0; i < 5_000; i++) example = [example];
    const error = errorOf({ type: 'array', examples: [example] });
    expect(error.code).toBe('UnsupportedJsonSchema');
    expect(error.pointer).toMatch(/^\/examples\/0(\/0)+$/);
  });

  it('accepts a schema at the depth limit and refuses one level more', () => {
    expect(checkJsonSchema(nested(maxSchemaDepth)).schema).toEqual(nested(maxSchemaDepth));
    const error = errorOf(nested(maxSchemaDepth + 1));
    expect(error.message).toContain(`nested more than ${maxSchemaDepth} levels deep`);
  });

  it('refuses a schema whose JSON is too long', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 5_000 }, (_, i) => [`p${i}`, { type: 'string', maxLength: 10 }]),
    );
    const error = errorOf({ type: 'object', properties });
    expect(error.code).toBe('UnsupportedJsonSchema');
    expect(error.message).toContain(`the limit is ${maxSchemaChars.toLocaleString('en')}`);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a root that refers to itself', { $ref: '#' }, '/$ref'],
    [
      'a property that refers to the root',
      { type: 'object', properties: { self: { $ref: '#' } } },
      '/properties/self/$ref',
    ],
    [
      'a tree defined in $defs',
      {
        $defs: {
          node: {
            type: 'object',
            properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } },
          },
        },
        $ref: '#/$defs/node',
      },
      '/$defs/node/properties/children/items/$ref',
    ],
    [
      'two definitions that refer to each other',
      {
        $defs: {
          a: { type: 'object', properties: { b: { $ref: '#/$defs/b' } } },
          b: { type: 'array', items: { $ref: '#/$defs/a' } },
        },
        $ref: '#/$defs/a',
      },
      '/$defs/b/items/$ref',
    ],
  ])('refuses %s as recursive', (_, schema, pointer) => {
    const error = errorOf(schema);
    expect(error.code).toBe('UnsupportedJsonSchema');
    expect(error.message).toContain('recursive schemas are not supported');
    expect(error.pointer).toBe(pointer);
  });

  it('counts levels through references', () => {
    // Each definition is shallow; the chain of them is not.
    const $defs: Record<string, unknown> = { d40: { type: 'number' } };
    for (let i = 39; i >= 0; i--) {
      $defs[`d${i}`] = { type: 'array', items: { $ref: `#/$defs/d${i + 1}` } };
    }
    const error = errorOf({ $defs, $ref: '#/$defs/d0' });
    expect(error.message).toContain('once its references are followed');
  });

  it('refuses references that multiply a small schema into a huge one', () => {
    const wide = (ref: (i: number) => Record<string, unknown>) => ({
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, ref(i)])),
    });
    const schema = {
      $defs: {
        leaf: wide(() => ({ type: 'number' })),
        middle: wide(() => ({ $ref: '#/$defs/leaf' })),
      },
      $ref: '#/$defs/middle',
    };
    const error = errorOf(schema);
    expect(error.message).toContain('once its references are written out');
  });
});
