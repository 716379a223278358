import { describe, expect, it } from 'vitest';
import { reservedNameProblem } from '../../../src/cast/reserved-names.js';
import { resolveTarget } from '../../../src/cast/target.js';
import { TargetError } from '../../../src/cast/target-error.js';

describe('reserved property names', () => {
  it('finds __proto__, constructor and prototype as properties or required names, with a pointer', () => {
    expect(
      reservedNameProblem(
        JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}'),
      ),
    ).toEqual({ pointer: '/properties/__proto__', name: '__proto__' });
    expect(
      reservedNameProblem({
        type: 'array',
        items: { type: 'object', properties: { ok: {}, constructor: { type: 'string' } } },
      }),
    ).toEqual({ pointer: '/items/properties/constructor', name: 'constructor' });
    expect(reservedNameProblem({ type: 'object', required: ['prototype'] })).toEqual({
      pointer: '/required/0',
      name: 'prototype',
    });
    // A __proto__ key anywhere, even where it means nothing to JSON Schema.
    expect(reservedNameProblem(JSON.parse('{"$defs":{"__proto__":{}}}'))?.name).toBe('__proto__');
  });

  it('leaves ordinary names, and the words as values, alone', () => {
    expect(
      reservedNameProblem({
        type: 'object',
        properties: {
          proto: {},
          constructorName: {},
          kind: { enum: ['constructor', '__proto__'] },
        },
        required: ['proto'],
      }),
    ).toBeUndefined();
  });

  it('refuses them in every way to name a target', () => {
    const refused = [
      { type: '{ constructor: string }' },
      { type: '{ __proto__: number }' },
      { schema: { type: 'object', properties: { prototype: { type: 'string' } } } },
    ];
    for (const spec of refused) {
      expect(() => resolveTarget(spec), JSON.stringify(spec)).toThrow(TargetError);
      expect(() => resolveTarget(spec)).toThrow(/reserved in JavaScript objects/);
    }
    expect(resolveTarget({ type: '{ builder: string }' }).schema).toBeDefined();
  });
});
