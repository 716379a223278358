import { inputFormats, type InputFormat } from '../rows.js';
import { fail, type Parsed } from './problem.js';

const byExtension: Record<string, InputFormat> = {
  csv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  txt: 'text',
  text: 'text',
};

const byMediaType: Record<string, InputFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/x-ndjson': 'jsonl',
  'application/jsonlines': 'jsonl',
  'text/plain': 'text',
};

export interface FormatHints {
  /** What the caller said; wins over the rest. */
  format?: string;
  filename?: string;
  mediaType?: string;
}

/** The input format: as given, else from the file's extension, else from its media type. */
export function detectFormat({ format, filename, mediaType }: FormatHints): Parsed<InputFormat> {
  if (format) {
    const named = inputFormats.find((f) => f === format.trim().toLowerCase());
    if (named) return { ok: true, value: named };
    return fail({
      code: 'UnknownFormat',
      message: `The format "${format}" is not one of ${inputFormats.join(', ')}.`,
    });
  }
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  const fromName = extension ? byExtension[extension] : undefined;
  if (fromName) return { ok: true, value: fromName };
  const fromType = mediaType
    ? byMediaType[mediaType.split(';')[0]!.trim().toLowerCase()]
    : undefined;
  if (fromType) return { ok: true, value: fromType };
  return fail({
    code: 'UnknownFormat',
    message: `Cannot tell the format of ${filename ? `"${filename}"` : 'the file'}: name it .csv, .jsonl or .txt, or say format=csv, jsonl or text.`,
  });
}
