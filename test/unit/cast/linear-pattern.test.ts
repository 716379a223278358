import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from '../../../src/cast/linear-pattern.js';
import type { JsonSchema } from '../../../src/cast/types.js';
import { validateValue } from '../../../src/cast/validate.js';

// A backtracking engine needs about 2^n steps for this pattern on n letters and a mismatch at
// the end: 10,000 letters would outlast the test run by far, RE2 reads them once.
const evilPattern = '^(a+)+$';
const evilAnswer = `${'a'.repeat(10_000)}!`;

function patternError(source: string): PatternError {
  try {
    compilePattern(source);
  } catch (err) {
    expect(err).toBeInstanceOf(PatternError);
    return err as PatternError;
  }
  throw new Error(`expected ${source} to be refused`);
}

describe('user patterns run on a linear-time engine', () => {
  it('validates a catastrophic pattern against a 10,000-letter answer', () => {
    const schema: JsonSchema = { type: 'string', pattern: evilPattern };
    expect(validateValue(schema, evilAnswer)).toEqual({
      ok: false,
      issues: [
        `value: expected a string matching /${evilPattern}/, received "${'a'.repeat(56)}...`,
      ],
    });
    expect(validateValue(schema, 'a'.repeat(10_000))).toEqual({
      ok: true,
      value: 'a'.repeat(10_000),
    });
  });

  // RE2's \s is ASCII whitespace, ECMAScript's also matches a no-break space: which engine ran
  // shows in the verdict, at every place a pattern can sit.
  const asciiSpace = { type: 'string', pattern: '^\\s$' };
  it.each<[string, JsonSchema, unknown]>([
    ['the root', asciiSpace, '\u00a0'],
    [
      'a property',
      { type: 'object', properties: { a: asciiSpace }, required: ['a'] },
      { a: '\u00a0' },
    ],
    ['array items', { type: 'array', items: asciiSpace }, ['\u00a0']],
    ['a tuple member', { type: 'array', prefixItems: [asciiSpace], items: false }, ['\u00a0']],
    ['an anyOf branch', { anyOf: [asciiSpace, { type: 'number' }] }, '\u00a0'],
    ['a type list', { type: ['string', 'null'], pattern: '^\\s$' }, '\u00a0'],
    [
      'extra properties',
      { type: 'object', additionalProperties: asciiSpace },
      { anything: '\u00a0' },
    ],
    ['a $defs entry', { $defs: { s: asciiSpace }, $ref: '#/$defs/s' }, '\u00a0'],
    [
      'a described property',
      { type: 'object', properties: { a: { ...asciiSpace, description: 'one space' } } },
      { a: '\u00a0' },
    ],
  ])('in %s', (_, schema, value) => {
    expect(validateValue(schema, value).ok).toBe(false);
  });

  it('reads ECMAScript escapes the way JSON Schema writes them', () => {
    const pattern = compilePattern('^caf\\u00e9 [\\u0041-\\u005A]\\d{2}$');
    expect(pattern.test('café B42')).toBe(true);
    expect(pattern.test('cafe B42')).toBe(false);
    expect(compilePattern('ab').test('xaby')).toBe(true);
  });

  it.each([
    ['a backreference', '(a)\\1', '\\1'],
    ['a named backreference', '(?<x>a)\\k<x>', '\\k<x>'],
    ['a lookahead', 'a(?=b)', '(?=b)'],
    ['a negative lookahead', '^(?!x)', '(?!x)'],
    ['a lookbehind', '(?<=a)b', '(?<=a)'],
  ])('refuses %s, naming it', (_, source, raw) => {
    const error = patternError(source);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain(raw);
    expect(error.message).toContain('linear-time');
  });

  it('refuses what RE2 cannot compile, with its reason', () => {
    const error = patternError('a{1001}');
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain('{1001}');
  });

  it('tells a pattern that is no regular expression from one RE2 cannot run', () => {
    expect(patternError('([a-z').kind).toBe('invalid');
  });
});
