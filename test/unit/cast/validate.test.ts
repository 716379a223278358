import { describe, expect, it } from 'vitest';
import { parseTypeExpression } from '../../../src/cast/type-expression/index.js';
import type { JsonSchema } from '../../../src/cast/types.js';
import { buildValidator, validateValue } from '../../../src/cast/validate.js';

const typed = (source: string): JsonSchema => parseTypeExpression(source).schema;

describe('validateValue', () => {
  it('accepts a valid value and returns it', () => {
    const value = { city: 'New York City', state: 'NY' };
    expect(validateValue(typed('{ city: string; state?: string }'), value)).toEqual({
      ok: true,
      value,
    });
    expect(validateValue(typed('number[]'), [1, 2.5])).toEqual({ ok: true, value: [1, 2.5] });
  });

  it('reports issues with their paths', () => {
    expect(validateValue(typed('number[]'), [1, 'two', 3])).toEqual({
      ok: false,
      issues: ['value[1]: expected number, received string'],
    });
    const result = validateValue(
      typed('{ name: string; address: { city: string }; "zip code": number }'),
      { name: 7, address: {}, 'zip code': '10001' },
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        'value.name: expected string, received number',
        'value.address.city: required property is missing (expected string)',
        'value["zip code"]: expected number, received string',
      ],
    });
  });

  it('reports unexpected properties, wrong enum values and integers', () => {
    expect(validateValue(typed('{ a: string }'), { a: 'x', b: 1 })).toEqual({
      ok: false,
      issues: ['value: unexpected property "b"'],
    });
    expect(validateValue(typed('"low" | "high"'), 'medium')).toEqual({
      ok: false,
      issues: ['value: expected one of "low", "high", received "medium"'],
    });
    expect(validateValue({ type: 'integer' }, 1.5)).toEqual({
      ok: false,
      issues: ['value: expected integer, received number 1.5'],
    });
  });

  it('says what a value of nothing is', () => {
    expect(validateValue({ type: 'number' }, undefined)).toEqual({
      ok: false,
      issues: ['value: expected number, received nothing'],
    });
  });

  it('checks bounds and tuple lengths', () => {
    expect(validateValue({ type: 'number', minimum: 0 }, -1)).toEqual({
      ok: false,
      issues: ['value: expected number to be >=0, received -1'],
    });
    const pair = typed('[string, number]');
    expect(validateValue(pair, ['a', 1, 2]).ok).toBe(false);
    expect(validateValue(pair, ['a'])).toEqual({
      ok: false,
      issues: ['value: expected array to have >=2 items, received ["a"]'],
    });
  });

  it('checks the formats date, date-time, email and uri', () => {
    const date = { type: 'string', format: 'date' };
    expect(validateValue(date, '2024-02-29').ok).toBe(true);
    expect(validateValue(date, '2023-02-29')).toEqual({
      ok: false,
      issues: ['value: expected a date in the form YYYY-MM-DD, received "2023-02-29"'],
    });
    expect(validateValue(date, 'next Friday').ok).toBe(false);

    const dateTime = typed('Date');
    expect(validateValue(dateTime, '2026-07-04T18:30:00+02:00').ok).toBe(true);
    expect(validateValue(dateTime, '2026-07-04').ok).toBe(false);

    const email = { type: 'string', format: 'email' };
    expect(validateValue(email, 'ada@example.com').ok).toBe(true);
    expect(validateValue(email, 'ada at example dot com')).toEqual({
      ok: false,
      issues: ['value: expected an email address, received "ada at example dot com"'],
    });

    const uri = { type: 'string', format: 'uri' };
    expect(validateValue(uri, 'https://example.com/a?b=c').ok).toBe(true);
    expect(validateValue(uri, 'example.com').ok).toBe(false);
  });

  it('checks patterns', () => {
    const currency = { type: 'string', pattern: '^[A-Z]{3}$' };
    expect(validateValue(currency, 'EUR').ok).toBe(true);
    expect(validateValue(currency, 'euro')).toEqual({
      ok: false,
      issues: ['value: expected a string matching /^[A-Z]{3}$/, received "euro"'],
    });
  });

  it('names every expected type when no branch of a union fits the value', () => {
    expect(validateValue(typed('string | number'), true)).toEqual({
      ok: false,
      issues: ['value: expected string or number, received boolean'],
    });
    expect(validateValue(typed('{ a: string } | null'), 'x')).toEqual({
      ok: false,
      issues: ['value: expected object or null, received string'],
    });
  });

  it('reports the issues of the union branch the value was meant for', () => {
    expect(validateValue(typed('{ city: string; zip?: number } | null'), { city: 5 })).toEqual({
      ok: false,
      issues: ['value.city: expected string, received number'],
    });
  });

  it('accepts null only where the schema allows it', () => {
    const schema = typed('{ a: string | null; b?: string }');
    expect(validateValue(schema, { a: null }).ok).toBe(true);
    expect(validateValue(schema, { a: 'x', b: null })).toEqual({
      ok: false,
      issues: ['value.b: expected string, received null'],
    });
  });

  it('limits the number of issues', () => {
    const result = validateValue(
      typed('number[]'),
      Array.from({ length: 30 }, () => 'x'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(21);
    expect(result.issues[20]).toBe('… and 10 more issues');
  });

  it('builds the validator once per schema object', () => {
    const schema = typed('{ a: number }');
    expect(buildValidator(schema)).toBe(buildValidator(schema));
    expect(buildValidator(typed('{ a: number }'))).not.toBe(buildValidator(schema));
  });
});
