import { TargetError } from './target-error.js';
import type { JsonSchema, Target } from './types.js';

export interface Preset {
  id: string;
  label: string;
  description: string;
  schema: JsonSchema;
  /** The preset is a choice among labels the person gives (see presetTarget). */
  needsLabels?: boolean;
  /** Sample input: the API lists it, the page offers some as one-click casts. */
  example?: { data: string; labels?: string[]; instructions?: string };
}

export const maxChoiceLabels = 50;
export const maxChoiceLabelLength = 200;

interface Scalar {
  id: string;
  label: string;
  plural: string;
  description: string;
  schema: JsonSchema;
  example: string;
  listExample: string;
}

// Descriptions travel to the model inside the schema, so they say what a good value looks like.
const scalars: Scalar[] = [
  {
    id: 'string',
    label: 'string',
    plural: 'string[]',
    description: 'Any text.',
    schema: { type: 'string' },
    example: 'Sarah Connor, 1984',
    listExample: 'apples, pears and a banana',
  },
  {
    id: 'number',
    label: 'number',
    plural: 'number[]',
    description: 'A number, with or without decimals.',
    schema: { type: 'number' },
    example: 'three dollars fifty',
    listExample: 'one, TWO, three',
  },
  {
    id: 'integer',
    label: 'integer',
    plural: 'integer[]',
    description: 'A whole number.',
    schema: { type: 'integer' },
    example: 'a dozen eggs',
    listExample: 'seven, twelve and a hundred',
  },
  {
    id: 'boolean',
    label: 'boolean',
    plural: 'boolean[]',
    description: 'true or false.',
    schema: { type: 'boolean' },
    example: 'yes, absolutely',
    listExample: 'yes, no, and definitely',
  },
  {
    id: 'date',
    label: 'date',
    plural: 'list of dates',
    description: 'A calendar date (YYYY-MM-DD).',
    schema: {
      type: 'string',
      format: 'date',
      description: 'A calendar date in ISO 8601 form, YYYY-MM-DD.',
    },
    example: 'the fourth of July 2026',
    listExample: "Christmas 2026 and new year's day after",
  },
  {
    id: 'datetime',
    label: 'date-time',
    plural: 'list of date-times',
    description: 'A date and time with a time zone (ISO 8601).',
    schema: {
      type: 'string',
      format: 'date-time',
      description:
        'A date and time in ISO 8601 / RFC 3339 form with seconds and a time zone offset, e.g. 2026-07-04T18:30:00Z.',
    },
    example: 'July 4th 2026 at 6:30pm UTC',
    listExample: 'noon UTC on 1 May 2026, and an hour later',
  },
  {
    id: 'email',
    label: 'email',
    plural: 'list of emails',
    description: 'An email address.',
    schema: {
      type: 'string',
      format: 'email',
      description: 'An email address, e.g. ada@example.com.',
    },
    example: 'write to ada at example dot com',
    listExample: 'ada at example dot com, grace@example.org',
  },
  {
    id: 'url',
    label: 'URL',
    plural: 'list of URLs',
    description: 'An absolute URL.',
    schema: {
      type: 'string',
      format: 'uri',
      description: 'An absolute URL including its scheme, e.g. https://example.com/page.',
    },
    example: 'the docs are at temporal dot io slash docs',
    listExample: 'example.com and https://temporal.io/docs',
  },
];

const scalarPresets: Preset[] = scalars.flatMap((s) => [
  {
    id: s.id,
    label: s.label,
    description: s.description,
    schema: s.schema,
    example: { data: s.example },
  },
  {
    id: `${s.id}-list`,
    label: s.plural,
    description: `A list; each item: ${s.description[0]?.toLowerCase()}${s.description.slice(1)}`,
    schema: { type: 'array', items: s.schema },
    example: { data: s.listExample },
  },
]);

const choicePresets: Preset[] = [
  {
    id: 'choice',
    label: 'choice',
    description: 'Exactly one of the labels you give.',
    schema: { type: 'string', description: 'Exactly one of the given labels.' },
    needsLabels: true,
    example: { data: 'This feature is terrible!', labels: ['Positive', 'Negative'] },
  },
  {
    id: 'choice-list',
    label: 'list of choices',
    description: 'Any number of the labels you give.',
    schema: {
      type: 'array',
      items: { type: 'string', description: 'One of the given labels.' },
    },
    needsLabels: true,
  },
];

const objectPresets: Preset[] = [
  {
    id: 'location',
    label: 'Location',
    description: 'A place: city, state or region, country.',
    schema: {
      type: 'object',
      title: 'Location',
      properties: {
        city: {
          type: 'string',
          description: "The city's proper name, e.g. New York City (not a nickname).",
        },
        state: {
          type: 'string',
          description:
            'The state, province or region; the 2-letter postal code where one exists, e.g. NY.',
        },
        country: {
          type: 'string',
          description: 'The country as an ISO 3166-1 alpha-2 code, e.g. US.',
        },
      },
      required: ['city', 'country'],
      additionalProperties: false,
    },
    example: { data: 'I live in the big apple' },
  },
  {
    id: 'person',
    label: 'Person',
    description: 'A person: name, and age, email, phone and occupation when given.',
    schema: {
      type: 'object',
      title: 'Person',
      properties: {
        name: { type: 'string', description: 'Full name as written, with normal capitalisation.' },
        age: { type: 'integer', minimum: 0, description: 'Age in whole years.' },
        email: { type: 'string', format: 'email', description: 'Email address.' },
        phone: {
          type: 'string',
          description:
            'Phone number in international form when the country is known, e.g. +1 212 555 0100.',
        },
        occupation: { type: 'string', description: 'Job or role.' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    example: { data: 'ada lovelace, 36, mathematician — ada@example.com' },
  },
  {
    id: 'money',
    label: 'Money',
    description: 'An amount of money and its currency.',
    schema: {
      type: 'object',
      title: 'Money',
      properties: {
        amount: { type: 'number', description: 'The amount in units of the currency, e.g. 3.5.' },
        currency: {
          type: 'string',
          pattern: '^[A-Z]{3}$',
          description: 'The ISO 4217 currency code in capitals, e.g. USD, EUR, JPY.',
        },
      },
      required: ['amount', 'currency'],
      additionalProperties: false,
    },
    example: { data: 'three dollars fifty' },
  },
  {
    id: 'event',
    label: 'Event',
    description: 'Something that happens: title, date, and time and place when given.',
    schema: {
      type: 'object',
      title: 'Event',
      properties: {
        title: { type: 'string', description: 'A short name for the event.' },
        date: {
          type: 'string',
          format: 'date',
          description: 'The day of the event, YYYY-MM-DD.',
        },
        time: {
          type: 'string',
          pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
          description: 'The local start time, 24-hour HH:MM.',
        },
        location: { type: 'string', description: 'Where it happens, as written.' },
      },
      required: ['title', 'date'],
      additionalProperties: false,
    },
    example: {
      data: 'Team lunch at Luigi’s next Friday at half past twelve',
      instructions: 'Today is Monday 2026-03-02.',
    },
  },
];

export const presets: readonly Preset[] = [...scalarPresets, ...choicePresets, ...objectPresets];

/** The target of a preset; labels are required by, and only allowed for, choice presets. */
export function presetTarget(id: string, labels?: string[]): Target {
  const preset = presets.find((p) => p.id === id);
  if (!preset) {
    throw new TargetError(
      'UnknownPreset',
      `There is no preset "${id}". Choose one of: ${presets.map((p) => p.id).join(', ')}.`,
    );
  }
  const schema = structuredClone(preset.schema);
  if (!preset.needsLabels) {
    if (labels && labels.length > 0) {
      throw new TargetError(
        'InvalidPresetOptions',
        `The preset "${id}" takes no labels; labels only apply to the choice presets.`,
      );
    }
    return { label: preset.label, schema };
  }
  const choices = checkLabels(id, labels);
  const choiceLabel = choices.join(' | ');
  if (id === 'choice') {
    return { label: choiceLabel, schema: { ...schema, enum: choices } };
  }
  const items = (schema.items ?? {}) as JsonSchema;
  return {
    label: `list of (${choiceLabel})`,
    schema: { ...schema, items: { ...items, enum: choices } },
  };
}

function checkLabels(id: string, labels: string[] | undefined): string[] {
  const trimmed = (labels ?? []).map((l) => l.trim());
  const fail = (problem: string) =>
    new TargetError('InvalidPresetOptions', `The preset "${id}" ${problem}`);
  if (trimmed.length === 0) {
    throw fail(
      `needs labels to choose from: give 1 to ${maxChoiceLabels} labels, e.g. Positive, Negative.`,
    );
  }
  if (trimmed.length > maxChoiceLabels) {
    throw fail(`takes at most ${maxChoiceLabels} labels; ${trimmed.length} were given.`);
  }
  if (trimmed.some((l) => l === '')) {
    throw fail('cannot have an empty label; remove the blank entry.');
  }
  const tooLong = trimmed.find((l) => l.length > maxChoiceLabelLength);
  if (tooLong !== undefined) {
    throw fail(`has a label longer than ${maxChoiceLabelLength} characters; shorten it.`);
  }
  const duplicate = trimmed.find((l, i) => trimmed.indexOf(l) !== i);
  if (duplicate !== undefined) {
    throw fail(`has the label "${duplicate}" twice; each label must be unique.`);
  }
  return trimmed;
}
