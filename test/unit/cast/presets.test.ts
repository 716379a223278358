import { describe, expect, it } from 'vitest';
import { toModelSchema } from '../../../src/cast/model-schema.js';
import { presetTarget, presets } from '../../../src/cast/presets.js';
import { TargetError } from '../../../src/cast/target-error.js';
import { validateValue } from '../../../src/cast/validate.js';

function errorOf(run: () => unknown): TargetError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(TargetError);
    return err as TargetError;
  }
  throw new Error('expected a TargetError');
}

// One valid value per preset: each preset must accept what a good model answer looks like.
const samples: Record<string, unknown> = {
  string: 'Sarah Connor',
  number: 3.5,
  integer: 12,
  boolean: true,
  date: '2026-07-04',
  datetime: '2026-07-04T18:30:00Z',
  email: 'ada@example.com',
  url: 'https://temporal.io/docs',
  location: { city: 'New York City', state: 'NY', country: 'US' },
  person: { name: 'Ada Lovelace', age: 36 },
  money: { amount: 3.5, currency: 'USD' },
  event: { title: 'Team lunch', date: '2026-03-06', time: '12:30' },
};

describe('presets', () => {
  it('has unique ids and the presets the product promises', () => {
    const ids = presets.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'string',
      'number',
      'integer',
      'boolean',
      'date',
      'datetime',
      'email',
      'url',
      'number-list',
      'date-list',
      'choice',
      'location',
      'person',
      'money',
      'event',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it.each(presets.filter((p) => !p.needsLabels).map((p) => [p.id]))(
    '%s resolves to a schema that fits strict mode',
    (id) => {
      const target = presetTarget(id);
      const preset = presets.find((p) => p.id === id);
      expect(target.label).toBe(preset?.label);
      expect(target.schema).toEqual(preset?.schema);
      expect(toModelSchema(target.schema).strict).toBe(true);
    },
  );

  it.each(Object.entries(samples))('%s accepts a good value', (id, sample) => {
    expect(validateValue(presetTarget(id).schema, sample)).toEqual({ ok: true, value: sample });
    if (presets.some((p) => p.id === `${id}-list`)) {
      const list = presetTarget(`${id}-list`);
      expect(validateValue(list.schema, [sample, sample]).ok).toBe(true);
    }
  });

  it('labels lists', () => {
    expect(presetTarget('number-list').label).toBe('number[]');
    expect(presetTarget('date-list').label).toBe('list of dates');
    expect(presetTarget('date-list').schema).toEqual({
      type: 'array',
      items: presetTarget('date').schema,
    });
  });

  it('gives object properties descriptions for the model', () => {
    const location = presetTarget('location').schema as {
      properties: Record<string, { description?: string }>;
    };
    expect(Object.keys(location.properties)).toEqual(['city', 'state', 'country']);
    for (const property of Object.values(location.properties)) {
      expect(property.description).toBeTruthy();
    }
  });

  it('checks formats and patterns of preset objects', () => {
    expect(validateValue(presetTarget('money').schema, { amount: 1, currency: 'usd' }).ok).toBe(
      false,
    );
    expect(validateValue(presetTarget('event').schema, { title: 'x', date: 'Friday' }).ok).toBe(
      false,
    );
  });

  it('returns a copy, so a caller cannot change the preset', () => {
    const target = presetTarget('location');
    (target.schema.properties as Record<string, unknown>).city = { type: 'number' };
    expect(presetTarget('location').schema.properties).toMatchObject({ city: { type: 'string' } });
  });

  describe('choice', () => {
    it('is an enum of the given labels', () => {
      const target = presetTarget('choice', [' Positive', 'Negative ', 'Neutral']);
      expect(target.label).toBe('Positive | Negative | Neutral');
      expect(target.schema).toMatchObject({
        type: 'string',
        enum: ['Positive', 'Negative', 'Neutral'],
      });
      expect(validateValue(target.schema, 'Negative').ok).toBe(true);
      expect(validateValue(target.schema, 'negative').ok).toBe(false);
      expect(toModelSchema(target.schema).strict).toBe(true);
    });

    it('has a list form', () => {
      const target = presetTarget('choice-list', ['red', 'green']);
      expect(target.schema).toMatchObject({ type: 'array', items: { enum: ['red', 'green'] } });
      expect(validateValue(target.schema, ['green', 'red']).ok).toBe(true);
      expect(validateValue(target.schema, ['blue']).ok).toBe(false);
    });

    it.each([
      ['no labels', undefined],
      ['an empty list', []],
      ['a blank label', ['a', '  ']],
      ['a duplicate label', ['a', 'b', 'a ']],
      ['more than 50 labels', Array.from({ length: 51 }, (_, i) => `label ${i}`)],
      ['a label over 200 characters', ['x'.repeat(201)]],
    ])('rejects %s', (_, labels) => {
      const error = errorOf(() => presetTarget('choice', labels));
      expect(error.code).toBe('InvalidPresetOptions');
      expect(error.message).toContain('choice');
    });

    it('accepts exactly 50 labels', () => {
      const labels = Array.from({ length: 50 }, (_, i) => `label ${i}`);
      expect(presetTarget('choice', labels).schema.enum).toHaveLength(50);
    });
  });

  it('rejects labels for a preset that takes none', () => {
    expect(errorOf(() => presetTarget('number', ['a'])).code).toBe('InvalidPresetOptions');
    expect(presetTarget('number', []).schema).toEqual({ type: 'number' });
  });

  it('rejects an unknown preset and lists the known ones', () => {
    const error = errorOf(() => presetTarget('colour'));
    expect(error.code).toBe('UnknownPreset');
    expect(error.message).toContain('colour');
    expect(error.message).toContain('location');
  });
});
