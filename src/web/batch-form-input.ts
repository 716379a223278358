import type { BatchInputProblem } from '../batch/input/index.js';
import { readBatchFile } from '../batch/input/index.js';
import { detectFormat } from '../batch/input/format.js';
import { inputFormats, type BatchTable, type InputFormat } from '../batch/rows.js';
import type { BatchSubmission } from '../client/start-batch.js';
import { apiErrorStatus, type ApiErrorCode } from './api-errors.js';
import type { BatchInputDeps } from './batch-input.js';
import { prepareCast, type InputField } from './cast-input.js';
import { emptyForm, formSubmission, readFormValues, type FormValues } from './form-input.js';

/** The batch form's fields: where its rows come from, then the cast form's own. */
export type BatchField = 'file' | 'rows' | 'format' | 'column' | InputField;

export interface BatchFormProblem {
  field: BatchField;
  code: ApiErrorCode;
  message: string;
}

/** The batch form as typed (the file aside: a browser never sends it back to be shown again). */
export interface BatchFormValues extends Omit<FormValues, 'data'> {
  /** Rows pasted instead of a file. */
  rows: string;
  /** '' means: from the file's name (pasted rows: plain text). */
  format: '' | InputFormat;
  column: string;
}

const { data: _data, ...emptyTarget } = emptyForm;

export const emptyBatchForm: BatchFormValues = {
  ...emptyTarget,
  rows: '',
  format: '',
  column: '',
};

type FormBody = Record<string, string | File | (string | File)[]>;

/** A multipart body of the batch form: its values and the chosen file, if any. */
export function readBatchFormBody(body: FormBody): { values: BatchFormValues; file?: File } {
  const { data: _data, ...cast } = readFormValues(body);
  const text = (name: string) => {
    const value = body[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.replace(/\r\n/g, '\n') : '';
  };
  const format = inputFormats.find((f) => f === text('format')) ?? '';
  const given = Array.isArray(body.file) ? body.file[0] : body.file;
  // With no file chosen, a browser still sends the part: an empty file without a name.
  const file = given instanceof File && (given.size > 0 || given.name !== '') ? given : undefined;
  return {
    values: { ...cast, rows: text('rows'), format, column: text('column').trim() },
    ...(file ? { file } : {}),
  };
}

/** What the form's rows turned out to be, read by the same reader as the API's uploads. */
export type SourceCheck =
  /** Neither a file nor pasted rows yet. */
  | { state: 'none' }
  | { state: 'ok'; format: InputFormat; table: BatchTable; filename?: string }
  /** A file with several columns (or fields), none chosen yet: not a mistake, a question. */
  | { state: 'choose'; format: InputFormat; columns: string[] }
  | { state: 'problem'; problem: BatchFormProblem; columns?: string[] };

/** Reads the rows of the form: the file, or else the pasted rows; both at once is refused. */
export async function checkBatchSource(
  values: BatchFormValues,
  file: File | undefined,
  deps: BatchInputDeps,
): Promise<SourceCheck> {
  const pasted = values.rows.trim() !== '';
  if (file && pasted) {
    return problem({
      field: 'rows',
      code: 'InvalidBody',
      message: 'Both a file and pasted rows were given: clear one of them, a batch reads one.',
    });
  }
  if (!file && !pasted) return { state: 'none' };
  const field = file ? 'file' : 'rows';
  const hints = file
    ? {
        filename: file.name,
        mediaType: file.type,
        ...(values.format ? { format: values.format } : {}),
      }
    : { format: values.format || 'text' };
  const bytes = file
    ? new Uint8Array(await file.arrayBuffer())
    : new TextEncoder().encode(values.rows);
  const column = values.column || undefined;
  const parsed = readBatchFile(bytes, { ...hints, ...(column ? { column } : {}) }, deps.limits);
  if (parsed.ok) {
    return {
      state: 'ok',
      format: parsed.value.format,
      table: parsed.value,
      ...(file?.name ? { filename: file.name } : {}),
    };
  }
  const { code, message, available } = parsed.problem;
  const format = detectFormat(hints);
  if (code === 'MissingColumn' && available && !column && format.ok)
    return { state: 'choose', format: format.value, columns: available };
  return problem({ field: fieldOf(parsed.problem, field), code, message }, available);
}

const problem = (p: BatchFormProblem, columns?: string[]): SourceCheck => ({
  state: 'problem',
  problem: p,
  ...(columns ? { columns } : {}),
});

function fieldOf(problem: BatchInputProblem, source: 'file' | 'rows'): BatchField {
  if (problem.code === 'MissingColumn') return 'column';
  if (problem.code === 'UnknownFormat') return 'format';
  return source;
}

export type BatchFormResult =
  | { ok: true; submission: BatchSubmission; source: SourceCheck }
  | { ok: false; problems: BatchFormProblem[]; source: SourceCheck };

/**
 * The whole form checked at once, so a person fixes every field in one go: the rows (as the
 * API reads an upload) and the target, instructions and `fresh` (as the cast form's are).
 */
export async function batchFormSubmission(
  values: BatchFormValues,
  file: File | undefined,
  deps: BatchInputDeps,
): Promise<BatchFormResult> {
  const source = await checkBatchSource(values, file, deps);
  const problems: BatchFormProblem[] = [];
  if (source.state === 'none') {
    problems.push({
      field: 'file',
      code: 'EmptyFile',
      message: 'Choose a file, or paste the rows to cast below.',
    });
  } else if (source.state === 'choose') {
    problems.push({
      field: 'column',
      code: 'MissingColumn',
      message: 'Choose the column to cast.',
    });
  } else if (source.state === 'problem') {
    problems.push(source.problem);
  }

  // Each row's text is checked by the reader above; a one-character stand-in lets the single
  // cast's own check judge the rest.
  const parsed = formSubmission({ ...values, data: 'x' });
  const prepared = parsed.ok
    ? prepareCast(parsed.submission, { maxDataChars: deps.limits.maxTextChars, model: deps.model })
    : { ok: false as const, problems: [parsed.problem] };
  if (!prepared.ok) problems.push(...prepared.problems.filter((p) => p.field !== 'data'));

  if (problems.length > 0 || !prepared.ok || source.state !== 'ok')
    return { ok: false, problems, source };
  const { text: _text, ...request } = prepared.request;
  return {
    ok: true,
    source,
    submission: {
      table: source.table,
      request,
      fresh: prepared.fresh,
      ...(source.filename ? { filename: source.filename } : {}),
    },
  };
}

/** 413 when the file is over a limit, else 422: the statuses the API answers. */
export function problemsStatus(problems: readonly BatchFormProblem[]): 413 | 422 {
  return problems.some((p) => apiErrorStatus[p.code] === 413) ? 413 : 422;
}
