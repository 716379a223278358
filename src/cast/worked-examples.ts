import { likeness } from './target-kind.js';
import type { JsonSchema, Target } from './types.js';

/** A solved cast shown to the model before the real one, in exactly the same form. */
export interface WorkedExample {
  text: string;
  target: Target;
  instructions?: string;
  /** The answer as the model should write it: an optional property the text lacks is null. */
  value: unknown;
}

/**
 * Small models copy the shape of what they have just seen far better than they follow rules,
 * so each kind of target gets a solved example. These are deliberately unlike the eval cases
 * (scripts/eval/cases.jsonl): they teach the form, not the answers.
 */
export const workedExamples: readonly WorkedExample[] = [
  {
    text: 'It weighs nine and a half kilos.',
    target: { label: 'number', schema: { type: 'number' } },
    value: 9.5,
  },
  {
    text: 'three hundred and sixty-two',
    target: { label: 'integer', schema: { type: 'integer' } },
    value: 362,
  },
  {
    text: 'eight, 13 and twenty',
    target: { label: 'number[]', schema: { type: 'array', items: { type: 'number' } } },
    value: [8, 13, 20],
  },
  {
    text: "I don't think that is a good idea.",
    target: { label: 'boolean', schema: { type: 'boolean' } },
    instructions: 'Do they agree?',
    value: false,
  },
  {
    text: 'The back door was left unlocked all night.',
    target: { label: 'boolean', schema: { type: 'boolean' } },
    instructions: 'Is the back door unlocked?',
    value: true,
  },
  {
    text: 'It barks at the postman.',
    target: { label: 'Cat | Dog | Bird', schema: { type: 'string', enum: ['Cat', 'Dog', 'Bird'] } },
    value: 'Dog',
  },
  {
    text: 'Snow covered the streets all through January.',
    target: {
      label: 'Spring | Summer | Autumn | Winter',
      schema: { type: 'string', enum: ['Spring', 'Summer', 'Autumn', 'Winter'] },
    },
    value: 'Winter',
  },
  {
    text: 'last Sunday',
    target: {
      label: 'date',
      schema: { type: 'string', format: 'date', description: 'A calendar date, YYYY-MM-DD.' },
    },
    instructions: 'Today is Friday 2025-10-03.',
    value: '2025-09-28',
  },
  {
    text: 'the Granite City',
    target: {
      label: '{ city: string; country: string }',
      schema: {
        type: 'object',
        properties: {
          city: { type: 'string', description: "The city's proper name." },
          country: { type: 'string', description: 'ISO 3166-1 alpha-2 code.' },
        },
        required: ['city', 'country'],
        additionalProperties: false,
      },
    },
    value: { city: 'Aberdeen', country: 'GB' },
  },
  {
    text: 'Paid 120 dollars for a pair of hiking boots.',
    target: {
      label: '{ product: string; price: number }',
      schema: {
        type: 'object',
        properties: { product: { type: 'string' }, price: { type: 'number' } },
        required: ['product', 'price'],
        additionalProperties: false,
      },
    },
    value: { product: 'hiking boots', price: 120 },
  },
  {
    text: 'Our new intern, Tomás Ruiz, starts on Monday.',
    target: {
      label: '{ name: string; age?: number; email?: string }',
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          age: { type: 'number' },
          email: { type: 'string' },
        },
        required: ['name'],
        additionalProperties: false,
      },
    },
    value: { name: 'Tomás Ruiz', age: null, email: null },
  },
  {
    text: 'Oslo will see a high of 14 and a low of 6 degrees.',
    target: {
      label: '{ city: string; weather: { high: number; low: number } }',
      schema: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          weather: {
            type: 'object',
            properties: { high: { type: 'number' }, low: { type: 'number' } },
            required: ['high', 'low'],
            additionalProperties: false,
          },
        },
        required: ['city', 'weather'],
        additionalProperties: false,
      },
    },
    value: { city: 'Oslo', weather: { high: 14, low: 6 } },
  },
  {
    text: 'Bring a tent, two torches and some rope.',
    target: { label: 'string[]', schema: { type: 'array', items: { type: 'string' } } },
    instructions: 'The things to bring.',
    value: ['tent', 'torches', 'rope'],
  },
  {
    text: 'Ana moved to Porto in 2019; her brother Ben lives in Leeds.',
    target: {
      label: '{ name: string; city: string }[]',
      schema: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, city: { type: 'string' } },
          required: ['name', 'city'],
          additionalProperties: false,
        },
      },
    },
    value: [
      { name: 'Ana', city: 'Porto' },
      { name: 'Ben', city: 'Leeds' },
    ],
  },
];

/**
 * The examples most like the target, most alike first: same kind of value (number, list,
 * choice, date, object…), then same kind of list item. Ties keep the order above.
 */
export function examplesFor(schema: JsonSchema, count: number): WorkedExample[] {
  return workedExamples
    .map((example, index) => ({ example, index, score: likeness(schema, example.target.schema) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .map((entry) => entry.example);
}
