import { describe, expect, it } from 'vitest';
import { presetTarget } from '../../../src/cast/presets.js';
import { kindOf, likeness } from '../../../src/cast/target-kind.js';
import { parseTypeExpression } from '../../../src/cast/type-expression/index.js';

const schemaOf = (type: string) => parseTypeExpression(type).schema;

describe('kindOf', () => {
  it('names the kind of value a target asks for', () => {
    expect(kindOf(schemaOf('number'))).toBe('number');
    expect(kindOf(presetTarget('integer').schema)).toBe('number');
    expect(kindOf(schemaOf('boolean'))).toBe('boolean');
    expect(kindOf(schemaOf('"low" | "high"'))).toBe('choice');
    expect(kindOf(presetTarget('choice', ['A', 'B']).schema)).toBe('choice');
    expect(kindOf(presetTarget('date').schema)).toBe('date');
    expect(kindOf(presetTarget('datetime').schema)).toBe('date');
    expect(kindOf(presetTarget('email').schema)).toBe('string');
    expect(kindOf(schemaOf('string[]'))).toBe('array');
    expect(kindOf(presetTarget('location').schema)).toBe('object');
    expect(kindOf({ properties: { a: { type: 'string' } } })).toBe('object');
    expect(kindOf(schemaOf('string | number'))).toBe('other');
    expect(kindOf(schemaOf('string | null'))).toBe('string');
  });
});

describe('likeness', () => {
  it('is 0 across kinds and grows with the same items or property kinds', () => {
    expect(likeness(schemaOf('number'), schemaOf('string'))).toBe(0);
    expect(likeness(schemaOf('number'), schemaOf('number'))).toBe(1);
    expect(likeness(schemaOf('number[]'), schemaOf('number[]'))).toBeGreaterThan(
      likeness(schemaOf('number[]'), schemaOf('string[]')),
    );
    const money = presetTarget('money').schema;
    expect(likeness(money, schemaOf('{ product: string; price: number }'))).toBe(2);
    expect(likeness(money, schemaOf('{ city: string; country: string }'))).toBe(1.5);
    expect(likeness(money, schemaOf('{ a: boolean }'))).toBe(1);
  });
});
