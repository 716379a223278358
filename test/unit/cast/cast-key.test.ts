import { describe, expect, it } from 'vitest';
import { castKey, castWorkflowId } from '../../../src/cast/cast-key.js';
import { CAST_LOGIC_VERSION } from '../../../src/cast/cast-logic-version.js';
import { presetTarget } from '../../../src/cast/presets.js';
import { parseTypeExpression } from '../../../src/cast/type-expression/index.js';
import type { CastRequest } from '../../../src/cast/types.js';

const schemaA = JSON.parse(
  '{"type":"object","properties":{"city":{"type":"string","description":"Name"},"state":{"type":"string"}},"required":["city"]}',
);
const schemaB = JSON.parse(`{
  "required": [ "city" ],
  "properties": {
    "state": { "type": "string" },
    "city": { "description": "Name", "type": "string" }
  },
  "type": "object"
}`);

const base: CastRequest = {
  text: 'the big apple',
  target: { label: 'Location', schema: schemaA },
  instructions: 'Use 2-letter states.',
  model: 'gpt-4o-mini',
};

describe('castKey', () => {
  it('is a hex SHA-256', () => {
    expect(castKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order or whitespace in the schema', () => {
    expect(castKey({ ...base, target: { label: 'Location', schema: schemaB } })).toBe(
      castKey(base),
    );
  });

  it('does not depend on the label', () => {
    const asType = parseTypeExpression('Array<number>');
    const asPreset = presetTarget('number-list');
    expect(asType.label).not.toBe(asPreset.label);
    expect(castKey({ ...base, target: asType })).toBe(castKey({ ...base, target: asPreset }));
  });

  it('treats absent instructions as empty ones', () => {
    const without: CastRequest = { text: base.text, target: base.target, model: base.model };
    expect(castKey(without)).toBe(castKey({ ...base, instructions: '' }));
  });

  it.each([
    ['text', { text: 'the big apple ' }],
    ['schema', { target: { label: 'Location', schema: { ...schemaA, required: [] } } }],
    ['instructions', { instructions: 'Use full state names.' }],
    ['model', { model: 'gpt-4o' }],
  ])('changes when the %s changes', (_, change) => {
    expect(castKey({ ...base, ...change })).not.toBe(castKey(base));
  });

  it('includes the cast logic version', () => {
    expect(castKey(base, CAST_LOGIC_VERSION)).toBe(castKey(base));
    expect(castKey(base, `${CAST_LOGIC_VERSION}-next`)).not.toBe(castKey(base));
  });

  it('accepts text with a lone surrogate', () => {
    expect(castKey({ ...base, text: 'broken \ud800 text' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('castWorkflowId', () => {
  it('is "cast-" and the first 32 hex characters of the key', () => {
    expect(castWorkflowId(base)).toBe(`cast-${castKey(base).slice(0, 32)}`);
  });
});
