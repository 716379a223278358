import { describe, expect, it } from 'vitest';
import { toModelSchema } from '../../../src/cast/model-schema.js';
import { parseTypeExpression } from '../../../src/cast/type-expression/index.js';
import type { JsonSchema } from '../../../src/cast/types.js';

const typed = (source: string): JsonSchema => parseTypeExpression(source).schema;

describe('toModelSchema', () => {
  it('wraps the target in a root object with a required value', () => {
    expect(toModelSchema({ type: 'number' })).toEqual({
      schema: {
        type: 'object',
        properties: { value: { type: 'number' } },
        required: ['value'],
        additionalProperties: false,
      },
      strict: true,
    });
  });

  it('makes optional properties required and nullable, and closes every object', () => {
    const { schema, strict } = toModelSchema(
      typed(
        '{ name: string; age?: number; tags?: string[]; home?: { city: string; zip?: string } }',
      ),
    );
    expect(strict).toBe(true);
    expect(schema.properties).toEqual({
      value: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          age: { type: ['number', 'null'] },
          tags: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
          home: {
            anyOf: [
              {
                type: 'object',
                properties: { city: { type: 'string' }, zip: { type: ['string', 'null'] } },
                required: ['city', 'zip'],
                additionalProperties: false,
              },
              { type: 'null' },
            ],
          },
        },
        required: ['name', 'age', 'tags', 'home'],
        additionalProperties: false,
      },
    });
  });

  it('closes objects that leave additionalProperties out', () => {
    const { schema, strict } = toModelSchema({
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    });
    expect(strict).toBe(true);
    expect(schema.properties).toEqual({
      value: {
        type: 'object',
        properties: { a: { type: 'string' } },
        required: ['a'],
        additionalProperties: false,
      },
    });
  });

  it('leaves an optional property that is already nullable as it is', () => {
    const { schema } = toModelSchema(typed('{ note?: string | null; level?: "a" | "b" | null }'));
    expect((schema.properties as { value: JsonSchema }).value.properties).toEqual({
      note: { type: ['string', 'null'] },
      level: { type: ['string', 'null'], enum: ['a', 'b', null] },
    });
  });

  it('adds null to an optional enum through anyOf, and writes const as a one-value enum', () => {
    const { schema, strict } = toModelSchema(typed('{ level?: "low" | "high"; kind: "order" }'));
    expect(strict).toBe(true);
    expect((schema.properties as { value: JsonSchema }).value.properties).toEqual({
      level: { anyOf: [{ type: 'string', enum: ['low', 'high'] }, { type: 'null' }] },
      kind: { type: 'string', enum: ['order'] },
    });
  });

  it('keeps descriptions, and moves a format strict mode lacks into the description', () => {
    const { schema, strict } = toModelSchema({
      type: 'object',
      properties: {
        site: { type: 'string', format: 'uri', description: 'Home page.' },
        born: { type: 'string', format: 'date' },
      },
      required: ['site', 'born'],
    });
    expect(strict).toBe(true);
    expect((schema.properties as { value: JsonSchema }).value.properties).toEqual({
      site: { type: 'string', description: 'Home page. Format: uri.' },
      born: { type: 'string', format: 'date' },
    });
  });

  it('hoists $defs to the root and points "#" at the value', () => {
    const { schema, strict } = toModelSchema({
      $defs: { leaf: { type: 'object', properties: { n: { type: 'number' } } } },
      type: 'object',
      properties: { leaf: { $ref: '#/$defs/leaf' }, self: { $ref: '#' } },
      required: ['leaf'],
    });
    expect(strict).toBe(true);
    expect(schema.$defs).toEqual({
      leaf: {
        type: 'object',
        properties: { n: { type: ['number', 'null'] } },
        required: ['n'],
        additionalProperties: false,
      },
    });
    expect((schema.properties as { value: JsonSchema }).value.properties).toEqual({
      leaf: { $ref: '#/$defs/leaf' },
      self: { anyOf: [{ $ref: '#/properties/value' }, { type: 'null' }] },
    });
  });

  it.each([
    ['a Record', typed('Record<string, number>')],
    ['an index signature', typed('{ [key: string]: number }')],
    ['an open object', { type: 'object' }],
    ['any value', typed('unknown')],
    ['a property of any value', typed('{ a: unknown }')],
    ['a tuple', typed('[string, number]')],
    ['an array of anything', { type: 'array' }],
    ['minLength', { type: 'string', minLength: 2 }],
    ['maxLength deep inside', typed('{ a: string[] }'), { maxLength: 3 }],
    ['more than 1000 enum values', { enum: Array.from({ length: 1001 }, (_, i) => i) }],
    ['more than 10 levels of objects', typed(`${'{ a: '.repeat(10)}string${' }'.repeat(10)}`)],
  ])('is not strict for %s', (_, schema, extra?: JsonSchema) => {
    const target = extra
      ? { ...schema, properties: { a: { type: 'array', items: { type: 'string', ...extra } } } }
      : schema;
    expect(toModelSchema(target).strict).toBe(false);
  });

  it('is strict for 9 levels of objects under the wrapper', () => {
    expect(toModelSchema(typed(`${'{ a: '.repeat(9)}string${' }'.repeat(9)}`)).strict).toBe(true);
  });
});
