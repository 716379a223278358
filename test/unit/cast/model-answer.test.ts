import { describe, expect, it } from 'vitest';
import { fromModelAnswer } from '../../../src/cast/model-answer.js';
import { parseTypeExpression } from '../../../src/cast/type-expression/index.js';
import type { JsonSchema } from '../../../src/cast/types.js';
import { validateValue } from '../../../src/cast/validate.js';

const typed = (source: string): JsonSchema => parseTypeExpression(source).schema;

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
