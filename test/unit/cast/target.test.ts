import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { toModelSchema } from '../../../src/cast/model-schema.js';
import { presets } from '../../../src/cast/presets.js';
import { TargetError } from '../../../src/cast/target-error.js';
import { resolveTarget } from '../../../src/cast/target.js';

describe('resolveTarget', () => {
  it('resolves a preset, a type expression and a JSON Schema to the same schema', () => {
    const fromPreset = resolveTarget({ preset: 'number-list' });
    const fromType = resolveTarget({ type: 'number[]' });
    const fromSchema = resolveTarget({ schema: { type: 'array', items: { type: 'number' } } });
    expect(fromPreset).toEqual({ label: 'number[]', schema: fromSchema.schema });
    expect(fromType).toEqual({ label: 'number[]', schema: fromSchema.schema });
    expect(fromSchema.label).toBe('JSON Schema');
  });

  it('passes choice labels to the preset', () => {
    expect(resolveTarget({ preset: 'choice', labels: ['yes', 'no'] }).label).toBe('yes | no');
  });

  it.each([
    [{ preset: 'nope' }, 'UnknownPreset'],
    [{ type: 'Map<string, number>' }, 'UnsupportedTypeSyntax'],
    [{ schema: { type: 'nope' } }, 'InvalidJsonSchema'],
  ] as const)('throws the TargetError of the way in (%o)', (spec, code) => {
    expect(() => resolveTarget(spec)).toThrow(TargetError);
    try {
      resolveTarget(spec);
    } catch (err) {
      expect((err as TargetError).code).toBe(code);
    }
  });
});

describe('the three ways in agree', () => {
  const expressions = [
    'string | null',
    '"low" | "medium" | "high"',
    '[string, number?]',
    '[string, ...number[]]',
    '{ /** The name */ name: string; tags?: readonly string[]; at: Date; extra: Record<string, unknown> }',
    '{ a: { b: { c: 1 | 2 | null } } } | string',
  ];

  it.each(expressions)('the schema of %s is an accepted JSON Schema', (source) => {
    const { schema } = resolveTarget({ type: source });
    expect(resolveTarget({ schema }).schema).toEqual(schema);
  });

  it.each([...expressions, 'unknown'])('the model schema of %s is valid JSON Schema', (source) => {
    const { schema } = resolveTarget({ type: source });
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema(toModelSchema(schema).schema)).toBe(true);
  });

  it('every preset schema is an accepted JSON Schema', () => {
    for (const preset of presets) {
      const labels = preset.needsLabels ? ['a', 'b'] : undefined;
      const { schema } = resolveTarget({ preset: preset.id, labels });
      expect(resolveTarget({ schema }).schema).toEqual(schema);
    }
  });
});
