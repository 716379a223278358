import { describe, expect, it } from 'vitest';
import { fromModelAnswer, toModelSchema } from '../../../src/cast/model-schema.js';
import { parseTypeExpression } from '../../../src/cast/type-expression.js';
import type { JsonSchema } from '../../../src/cast/types.js';
import { validateValue } from '../../../src/cast/validate.js';

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

describe('fromModelAnswer', () => {
  const person = typed(
    '{ name: string; age?: number; note?: string | null; home?: { city: string; zip?: string } }',
  );

  it('unwraps the value', () => {
    expect(fromModelAnswer({ value: 42 }, { type: 'number' })).toBe(42);
    expect(fromModelAnswer({ value: null }, { type: ['number', 'null'] })).toBeNull();
  });

  it('takes an answer without the wrapper as the value itself', () => {
    expect(fromModelAnswer(42, { type: 'number' })).toBe(42);
    expect(fromModelAnswer({ name: 'Ada' }, person)).toEqual({ name: 'Ada' });
  });

  it('removes the nulls that stand for absent optional properties, recursively', () => {
    const answer = {
      value: { name: 'Ada', age: null, note: null, home: { city: 'London', zip: null } },
    };
    const value = fromModelAnswer(answer, person);
    expect(value).toEqual({ name: 'Ada', note: null, home: { city: 'London' } });
    expect(validateValue(person, value).ok).toBe(true);
  });

  it('keeps a null in a required property, so validation reports it', () => {
    const value = fromModelAnswer({ value: { name: null } }, person);
    expect(value).toEqual({ name: null });
    expect(validateValue(person, value)).toEqual({
      ok: false,
      issues: ['value.name: expected string, received null'],
    });
  });

  it('walks arrays, tuples, nullable unions and references', () => {
    const schema: JsonSchema = {
      $defs: { item: typed('{ id: number; label?: string }') },
      type: 'object',
      properties: {
        list: { type: 'array', items: { $ref: '#/$defs/item' } },
        pair: {
          type: 'array',
          prefixItems: [{ $ref: '#/$defs/item' }, { type: 'null' }],
          items: false,
        },
        maybe: { anyOf: [{ $ref: '#/$defs/item' }, { type: 'null' }] },
      },
      required: ['list', 'pair', 'maybe'],
    };
    const answer = {
      value: {
        list: [
          { id: 1, label: null },
          { id: 2, label: 'two' },
        ],
        pair: [{ id: 3, label: null }, null],
        maybe: { id: 4, label: null },
      },
    };
    expect(fromModelAnswer(answer, schema)).toEqual({
      list: [{ id: 1 }, { id: 2, label: 'two' }],
      pair: [{ id: 3 }, null],
      maybe: { id: 4 },
    });
  });

  it('does not mutate the answer and keeps a __proto__ key as data', () => {
    const answer = JSON.parse('{"value": {"name": "Ada", "age": null, "__proto__": {"x": 1}}}');
    const value = fromModelAnswer(answer, person) as Record<string, unknown>;
    expect(answer.value.age).toBeNull();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['name', '__proto__']);
  });
});
