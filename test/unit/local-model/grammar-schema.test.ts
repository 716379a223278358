import { describe, expect, it } from 'vitest';
import {
  toGrammarSchema,
  UnsupportedSchemaError,
} from '../../../src/local-model/grammar-schema.js';
import { toModelSchema } from '../../../src/cast/model-schema.js';
import { presets } from '../../../src/cast/presets.js';

describe('toGrammarSchema', () => {
  it('writes alternatives as oneOf and splits a list of types', () => {
    expect(toGrammarSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual({
      oneOf: [{ type: 'string' }, { type: 'null' }],
    });
    expect(toGrammarSchema({ type: ['integer', 'null'] })).toEqual({
      oneOf: [{ type: 'integer' }, { type: 'null' }],
    });
  });

  it('gives a schema without a type any JSON value, not null', () => {
    const any = toGrammarSchema({ description: 'anything' });
    expect(any).toMatchObject({ oneOf: expect.arrayContaining([{ type: 'array' }]) });
    expect(toGrammarSchema(true)).toEqual(any);
  });

  it('keeps the bounds the grammar enforces and drops what only the validator can check', () => {
    expect(
      toGrammarSchema({
        type: 'array',
        items: { type: 'string', maxLength: 5, pattern: '^a' },
        maxItems: 3,
      }),
    ).toEqual({ type: 'array', items: { type: 'string', maxLength: 5 }, maxItems: 3 });
    expect(toGrammarSchema({ type: 'string', format: 'email' })).toEqual({ type: 'string' });
    expect(toGrammarSchema({ type: 'string', format: 'date' })).toEqual({
      type: 'string',
      format: 'date',
    });
  });

  it('refuses what it cannot express, naming where', () => {
    expect(() => toGrammarSchema({ type: 'object', properties: { a: { not: {} } } })).toThrow(
      new UnsupportedSchemaError('properties.a.not', 'the keyword "not" is not supported'),
    );
    expect(() => toGrammarSchema({ $ref: '#/properties/value' })).toThrow(/\$ref/);
    expect(() => toGrammarSchema({ enum: [{ a: 1 }] })).toThrow(/enum\.0/);
  });

  it('takes the strict schema the activity sends for every preset', () => {
    for (const preset of presets) {
      expect(() => toGrammarSchema(toModelSchema(preset.schema).schema), preset.id).not.toThrow();
    }
  });
});
