import { describe, expect, it } from 'vitest';
import { TargetError } from '../../../src/cast/target-error.js';
import { maxSchemaChars } from '../../../src/cast/schema-limits.js';
import { parseTypeExpression } from '../../../src/cast/type-expression/index.js';

function schemaOf(source: string) {
  return parseTypeExpression(source).schema;
}

function errorOf(source: string): TargetError {
  try {
    parseTypeExpression(source);
  } catch (err) {
    expect(err).toBeInstanceOf(TargetError);
    return err as TargetError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}

describe('parseTypeExpression', () => {
  it('maps keywords', () => {
    expect(schemaOf('string')).toEqual({ type: 'string' });
    expect(schemaOf('number')).toEqual({ type: 'number' });
    expect(schemaOf('boolean')).toEqual({ type: 'boolean' });
    expect(schemaOf('unknown')).toEqual({});
    expect(schemaOf('any')).toEqual({});
  });

  it('labels the target with the trimmed source', () => {
    expect(parseTypeExpression('  number[]\n').label).toBe('number[]');
  });

  it('maps literals to const', () => {
    expect(schemaOf('"high"')).toEqual({ type: 'string', const: 'high' });
    expect(schemaOf('42')).toEqual({ type: 'number', const: 42 });
    expect(schemaOf('-1.5')).toEqual({ type: 'number', const: -1.5 });
    expect(schemaOf('true')).toEqual({ type: 'boolean', const: true });
    expect(schemaOf('null')).toEqual({ type: 'null', const: null });
  });

  it('turns a union of literals into an enum', () => {
    expect(schemaOf('"low" | "medium" | "high"')).toEqual({
      type: 'string',
      enum: ['low', 'medium', 'high'],
    });
    expect(schemaOf('1 | 2 | 3')).toEqual({ type: 'number', enum: [1, 2, 3] });
    expect(schemaOf('"a" | 1 | null')).toEqual({
      type: ['string', 'number', 'null'],
      enum: ['a', 1, null],
    });
  });

  it('turns T | null into a nullable type', () => {
    expect(schemaOf('string | null')).toEqual({ type: ['string', 'null'] });
    expect(schemaOf('null | number')).toEqual({ type: ['number', 'null'] });
    expect(schemaOf('{ a: string } | null')).toEqual({
      anyOf: [
        {
          type: 'object',
          properties: { a: { type: 'string' } },
          required: ['a'],
          additionalProperties: false,
        },
        { type: 'null' },
      ],
    });
  });

  it('turns other unions into anyOf, flattening parentheses', () => {
    expect(schemaOf('string | (number | boolean)')).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    });
  });

  it('maps arrays in every spelling', () => {
    const numbers = { type: 'array', items: { type: 'number' } };
    expect(schemaOf('number[]')).toEqual(numbers);
    expect(schemaOf('Array<number>')).toEqual(numbers);
    expect(schemaOf('ReadonlyArray<number>')).toEqual(numbers);
    expect(schemaOf('readonly number[]')).toEqual(numbers);
    expect(schemaOf('(string | null)[]')).toEqual({
      type: 'array',
      items: { type: ['string', 'null'] },
    });
    expect(schemaOf('string[][]')).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'string' } },
    });
  });

  it('maps tuples to prefixItems with exact lengths', () => {
    expect(schemaOf('[string, number]')).toEqual({
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
    expect(schemaOf('[name: string, age?: number]')).toMatchObject({ minItems: 1, maxItems: 2 });
    expect(schemaOf('[string, ...number[]]')).toEqual({
      type: 'array',
      prefixItems: [{ type: 'string' }],
      items: { type: 'number' },
      minItems: 1,
    });
  });

  it('maps nested object types with optional properties', () => {
    expect(
      schemaOf('{ name: string; age?: number; address: { city: string; zip?: string } }'),
    ).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'number' },
        address: {
          type: 'object',
          properties: { city: { type: 'string' }, zip: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
      required: ['name', 'address'],
      additionalProperties: false,
    });
  });

  it('turns JSDoc on a property into its description', () => {
    const source =
      "{ /** The city's proper name */ city: string; /** 2-letter code */ state: string }";
    expect(schemaOf(source)).toEqual({
      type: 'object',
      properties: {
        city: { type: 'string', description: "The city's proper name" },
        state: { type: 'string', description: '2-letter code' },
      },
      required: ['city', 'state'],
      additionalProperties: false,
    });
  });

  it('reads multi-line JSDoc without stars or tags, and ignores other comments', () => {
    const source = [
      '{',
      '  /**',
      '   * Amount in the',
      '   * smallest unit.',
      '   * @example 350',
      '   */',
      '  cents: number; // not a description',
      '  /* nor this */ currency: string',
      '}',
    ].join('\n');
    expect(schemaOf(source)).toMatchObject({
      properties: {
        cents: { type: 'number', description: 'Amount in the\nsmallest unit.' },
        currency: { type: 'string' },
      },
    });
    expect((schemaOf(source).properties as Record<string, object>).currency).not.toHaveProperty(
      'description',
    );
  });

  it('accepts quoted property names', () => {
    expect(schemaOf('{ "first name": string; 2: boolean }')).toMatchObject({
      properties: { 'first name': { type: 'string' }, '2': { type: 'boolean' } },
      required: ['first name', '2'],
    });
  });

  it('maps Date to a date-time string', () => {
    expect(schemaOf('Date')).toEqual({ type: 'string', format: 'date-time' });
    expect(schemaOf('{ at?: Date | null }')).toMatchObject({
      properties: { at: { type: ['string', 'null'], format: 'date-time' } },
      required: [],
    });
  });

  it('maps Record<string, T> and string index signatures to additionalProperties', () => {
    expect(schemaOf('Record<string, number>')).toEqual({
      type: 'object',
      additionalProperties: { type: 'number' },
    });
    expect(schemaOf('{ [key: string]: boolean }')).toEqual({
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: { type: 'boolean' },
    });
  });

  describe('errors', () => {
    it('rejects empty input', () => {
      expect(errorOf('').code).toBe('InvalidTypeExpression');
      expect(errorOf('   \n ').code).toBe('InvalidTypeExpression');
    });

    it('rejects trailing garbage with its position', () => {
      const error = errorOf('number; foo');
      expect(error.code).toBe('InvalidTypeExpression');
      expect(error.position).toEqual({ offset: 8, line: 1, column: 9 });
      expect(error.message).toContain('line 1, column 9');
      expect(errorOf('number;').code).toBe('InvalidTypeExpression');
    });

    it('reports syntax errors at their position in the source', () => {
      const missing = errorOf('{ a: string');
      expect(missing.code).toBe('InvalidTypeExpression');
      expect(missing.position).toEqual({ offset: 11, line: 1, column: 12 });
      expect(missing.message).toContain("'}' expected");

      const twoWords = errorOf('number foo');
      expect(twoWords.position).toMatchObject({ line: 1, column: 8 });
      expect(errorOf('string |').code).toBe('InvalidTypeExpression');
      expect(errorOf('type X = number').code).toBe('InvalidTypeExpression');
    });

    it.each([
      ['(a: string) => void', 'function type'],
      ['new () => object', 'constructor type'],
      ['Map<string, number>', 'generic type reference Map<...>'],
      ['Promise<string>', 'generic type reference Promise<...>'],
      ['Location', 'type reference Location'],
      ['integer', 'type reference integer'],
      ['bigint', 'bigint type'],
      ['undefined', 'undefined'],
      ['A extends B ? C : D', 'conditional type'],
      ['{ [K in "a" | "b"]: string }', 'mapped type'],
      ['`id-${number}`', 'template literal type'],
      ['{ a: string } & { b: number }', 'intersection type'],
      ['keyof T', 'keyof type operator'],
      ['typeof x', 'typeof type query'],
      ['symbol', 'symbol type'],
    ])('rejects %s as unsupported (%s)', (source, construct) => {
      const error = errorOf(source);
      expect(error.code).toBe('UnsupportedTypeSyntax');
      expect(error.construct).toBe(construct);
      expect(error.position).toEqual({ offset: 0, line: 1, column: 1 });
      expect(error.message).toContain(construct);
    });

    it.each([
      ['{ f(): void }', 'method signature', 3],
      ['{ [key: number]: string }', 'index signature', 3],
      ['Record<number, string>', 'Record key type', 8],
      ['[...string[], number]', 'rest element', 2],
    ])('rejects %s as unsupported (%s) at its column', (source, construct, column) => {
      const error = errorOf(source);
      expect(error.code).toBe('UnsupportedTypeSyntax');
      expect(error.construct).toBe(construct);
      expect(error.position).toEqual({ offset: column - 1, line: 1, column });
      expect(error.message).toContain(construct);
    });

    it('points at an unsupported construct deep inside, on its own line', () => {
      const error = errorOf('{\n  name: string;\n  greet: (to: string) => string;\n}');
      expect(error.code).toBe('UnsupportedTypeSyntax');
      expect(error.construct).toBe('function type');
      expect(error.position).toEqual({ offset: 27, line: 3, column: 10 });
      expect(error.message).toContain('line 3, column 10');
    });

    it('rejects a property declared twice, and a property without a type', () => {
      const duplicate = errorOf('{ a: string; a: number }');
      expect(duplicate.code).toBe('InvalidTypeExpression');
      expect(duplicate.position).toMatchObject({ line: 1, column: 14 });
      expect(errorOf('{ a; b: string }').code).toBe('InvalidTypeExpression');
    });

    it('rejects a short type that makes a huge schema', () => {
      const source = `[${Array.from({ length: 3_000 }, () => 'Date').join(', ')}]`;
      expect(source.length).toBeLessThan(20_000);
      const error = errorOf(source);
      expect(error.code).toBe('InvalidTypeExpression');
      expect(error.message).toContain(`the limit is ${maxSchemaChars.toLocaleString('en')}`);
    });

    it('rejects types nested too deeply instead of overflowing the stack', () => {
      expect(errorOf(`${'['.repeat(40)}number${']'.repeat(40)}`).code).toBe(
        'InvalidTypeExpression',
      );
      expect(errorOf(`${'['.repeat(9000)}number${']'.repeat(9000)}`).code).toBe(
        'InvalidTypeExpression',
      );
    });
  });
});
