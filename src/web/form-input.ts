import { presets } from '../cast/presets.js';
import { sourcePosition } from '../cast/source-position.js';
import type { JsonSchema, TargetSpec } from '../cast/types.js';
import type { CastSubmission, InputProblem } from './cast-input.js';

export type TargetKind = 'preset' | 'type' | 'schema';

/** The page form's fields as typed, kept to re-render the form with its messages. */
export interface FormValues {
  data: string;
  targetKind: TargetKind;
  preset: string;
  labels: string;
  type: string;
  schema: string;
  instructions: string;
  fresh: boolean;
}

export const emptyForm: FormValues = {
  data: '',
  targetKind: 'preset',
  preset: 'string',
  labels: '',
  type: '',
  schema: '',
  instructions: '',
  fresh: false,
};

type FormBody = Record<string, string | File | (string | File)[]>;

/** Reads a urlencoded or multipart form body into form values; anything missing is empty. */
export function readFormValues(body: FormBody): FormValues {
  const text = (name: string) => {
    const value = body[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.replace(/\r\n/g, '\n') : '';
  };
  const kind = text('targetKind');
  return {
    data: text('data'),
    targetKind: kind === 'type' || kind === 'schema' ? kind : 'preset',
    preset: text('preset'),
    labels: text('labels'),
    type: text('type'),
    schema: text('schema'),
    instructions: text('instructions'),
    fresh: ['on', 'true', '1'].includes(text('fresh')),
  };
}

/**
 * Turns form values into a submission. Only a JSON Schema that is not JSON fails here; every
 * other check is shared with the API in prepareCast.
 */
export function formSubmission(
  values: FormValues,
): { ok: true; submission: CastSubmission } | { ok: false; problem: InputProblem } {
  let target: TargetSpec;
  switch (values.targetKind) {
    case 'type':
      target = { type: values.type };
      break;
    case 'schema': {
      const parsed = parseSchemaText(values.schema);
      if (!parsed.ok) return parsed;
      target = { schema: parsed.schema };
      break;
    }
    default: {
      // The labels field shows only for presets that take labels: text left in it from an
      // earlier choice is not part of this submission.
      const preset = presets.find((p) => p.id === values.preset);
      const takesLabels = preset ? Boolean(preset.needsLabels) : true;
      const labels = takesLabels ? splitLabels(values.labels) : [];
      target = { preset: values.preset, ...(labels.length > 0 ? { labels } : {}) };
    }
  }
  return {
    ok: true,
    submission: {
      data: values.data,
      target,
      ...(values.instructions.trim() ? { instructions: values.instructions } : {}),
      fresh: values.fresh,
    },
  };
}

/** One label a line, or comma-separated on one line (so a label may hold a comma if listed a line each). */
export function splitLabels(text: string): string[] {
  const parts = text.includes('\n') ? text.split('\n') : text.split(',');
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function parseSchemaText(
  text: string,
): { ok: true; schema: JsonSchema } | { ok: false; problem: InputProblem } {
  const fail = (message: string, offset?: number): { ok: false; problem: InputProblem } => ({
    ok: false,
    problem: {
      field: 'schema',
      code: 'InvalidJsonSchema',
      message,
      ...(offset !== undefined ? { position: sourcePosition(text, offset) } : {}),
    },
  });
  if (text.trim() === '')
    return fail('The JSON Schema is empty. Paste a schema such as {"type": "number"}.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const offset = /position (\d+)/.exec(message)?.[1];
    if (offset === undefined) return fail(`The JSON Schema is not valid JSON: ${message}.`);
    // Said once, as a person counts: the parser's own words name a character offset.
    const { line, column } = sourcePosition(text, Number(offset));
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '');
    return fail(
      `The JSON Schema is not valid JSON: ${reason} at line ${line}, column ${column}.`,
      Number(offset),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('A JSON Schema must be a JSON object, e.g. {"type": "string"}.');
  }
  return { ok: true, schema: parsed as JsonSchema };
}
