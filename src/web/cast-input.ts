import { characterCount } from '../cast/character-count.js';
import { resolveTarget } from '../cast/target.js';
import type { SourcePosition } from '../cast/source-position.js';
import { TargetError } from '../cast/target-error.js';
import type { CastRequest, TargetSpec } from '../cast/types.js';
import type { ApiErrorCode } from './api-errors.js';

/** What the page and the API both submit; the form and the JSON body are parsed into this. */
export interface CastSubmission {
  data: string;
  target: TargetSpec;
  instructions?: string;
  fresh?: boolean;
}

/** The form field a problem belongs to, so the page can show it next to that field. */
export type InputField = 'data' | 'preset' | 'labels' | 'type' | 'schema' | 'instructions';

export interface InputProblem {
  field: InputField;
  code: ApiErrorCode;
  message: string;
  position?: SourcePosition;
  /** JSON pointer into a JSON Schema target. */
  pointer?: string;
}

export interface InputLimits {
  maxDataChars: number;
  model: string;
}

export type PreparedCast =
  | { ok: true; request: CastRequest; fresh: boolean }
  | { ok: false; problems: InputProblem[] };

export const maxInstructionsChars = 2_000;

/**
 * Checks a submission and resolves its target, collecting every problem at once so a person
 * fixes them in one go. Pure: no Temporal, no HTTP.
 */
export function prepareCast(submission: CastSubmission, limits: InputLimits): PreparedCast {
  const problems: InputProblem[] = [];
  const { data } = submission;
  const unreadable = unreadableText(data, 'data');
  if (unreadable) {
    problems.push(unreadable);
  } else if (data.trim() === '') {
    problems.push({
      field: 'data',
      code: 'EmptyData',
      message: 'The data is empty. Paste the text to cast, e.g. "one, TWO, three".',
    });
  } else if (characterCount(data) > limits.maxDataChars) {
    problems.push({
      field: 'data',
      code: 'DataTooLarge',
      message: `The data is ${characterCount(data).toLocaleString('en')} characters long; the limit is ${limits.maxDataChars.toLocaleString('en')}. Shorten it or split it into several casts.`,
    });
  }

  const instructions = submission.instructions?.trim() || undefined;
  const unreadableInstructions = instructions && unreadableText(instructions, 'instructions');
  if (unreadableInstructions) {
    problems.push(unreadableInstructions);
  } else if (instructions && characterCount(instructions) > maxInstructionsChars) {
    problems.push({
      field: 'instructions',
      code: 'InstructionsTooLong',
      message: `The instructions are ${characterCount(instructions).toLocaleString('en')} characters long; keep them under ${maxInstructionsChars.toLocaleString('en')}.`,
    });
  }

  let target: CastRequest['target'] | undefined;
  try {
    target = resolveTarget(submission.target);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    problems.push({
      field: targetField(submission.target, err),
      code: err.code,
      message: err.message,
      ...(err.position ? { position: err.position } : {}),
      ...(err.pointer !== undefined ? { pointer: err.pointer } : {}),
    });
  }

  if (problems.length > 0 || !target) return { ok: false, problems };
  return {
    ok: true,
    fresh: submission.fresh ?? false,
    request: { text: data, target, model: limits.model, ...(instructions ? { instructions } : {}) },
  };
}

function targetField(spec: TargetSpec, err: TargetError): InputField {
  if ('preset' in spec) return err.code === 'InvalidPresetOptions' ? 'labels' : 'preset';
  if ('type' in spec) return 'type';
  return 'schema';
}

/** Problems are reported one per response in the API: the one a caller should fix first. */
export function firstProblem(problems: InputProblem[]): InputProblem {
  const order: InputField[] = ['data', 'preset', 'labels', 'type', 'schema', 'instructions'];
  return [...problems].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))[0]!;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text no model can read as sent: a NUL character (which also cuts C strings short in tools
 * downstream) or a lone UTF-16 surrogate (JSON can carry one; it is not a character at all).
 */
function unreadableText(text: string, field: 'data' | 'instructions'): InputProblem | undefined {
  const what = field === 'data' ? 'The data' : 'The instructions';
  if (text.includes('\u0000'))
    return {
      field,
      code: 'InvalidText',
      message: `${what} hold a NUL character (U+0000); remove it and submit again.`,
    };
  if (loneSurrogate.test(text))
    return {
      field,
      code: 'InvalidText',
      message: `${what} hold a lone UTF-16 surrogate, which is not a character; send valid Unicode text.`,
    };
  return undefined;
}
