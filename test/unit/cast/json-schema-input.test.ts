import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from '../../../src/cast/json-schema-input.js';
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

  it('accepts local references to $defs, including recursion', () => {
    const schema = {
      $defs: {
        node: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/node' } },
          },
          required: ['name'],
        },
      },
      $ref: '#/$defs/node',
    };
    const target = checkJsonSchema(schema);
    expect(validateValue(target.schema, { name: 'a', children: [{ name: 'b' }] }).ok).toBe(true);
    expect(validateValue(target.schema, { name: 'a', children: [{ name: 2 }] })).toEqual({
      ok: false,
      issues: ['value.children[0].name: expected string, received number'],
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
