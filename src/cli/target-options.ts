import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { CastRequest } from '../cast/types.js';
import { prepareCast, type InputField } from '../web/cast-input.js';
import { formSubmission, type FormValues } from '../web/form-input.js';
import { UsageError } from './usage-error.js';

/** What `one` and `batch` both take: the target and how to ask, as the page's form does. */
export interface TargetOptions {
  type?: string;
  preset?: string;
  labels?: string;
  schema?: string;
  instructions?: string;
  fresh?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--type <expression>', "a TypeScript type, e.g. 'number[]'").conflicts([
        'preset',
        'schema',
      ]),
    )
    .addOption(
      new Option('--preset <id>', 'a preset: string, number, location, choice, …').conflicts(
        'schema',
      ),
    )
    .option('--labels <labels>', "the labels of a preset that takes them, e.g. 'yes, no'")
    .option('--schema <json>', 'a JSON Schema, as JSON or @file.json')
    .option('--instructions <text>', 'extra guidance for the model')
    .option('--fresh', 'ignore the cache and ask the model again');
}

/** The option a problem of the form's field belongs to, for messages a person can act on. */
const optionOf: Record<InputField, string> = {
  data: 'the text',
  preset: '--preset',
  labels: '--labels',
  type: '--type',
  schema: '--schema',
  instructions: '--instructions',
};

/**
 * The options as a cast request, checked by the same code as the page's form and the API
 * (prepareCast), or a UsageError naming each option that is wrong.
 */
export function castRequestOf(
  text: string,
  options: TargetOptions,
  limits: { maxDataChars: number; model: string },
): { request: CastRequest; fresh: boolean } {
  const kind =
    options.type !== undefined ? 'type' : options.schema !== undefined ? 'schema' : 'preset';
  if (kind === 'preset' && options.preset === undefined)
    throw new UsageError('Say what to cast to: --type, --preset or --schema.');
  const values: FormValues = {
    data: text,
    targetKind: kind,
    preset: options.preset ?? '',
    labels: options.labels ?? '',
    type: options.type ?? '',
    schema: schemaText(options.schema),
    instructions: options.instructions ?? '',
    fresh: options.fresh ?? false,
  };
  const parsed = formSubmission(values);
  const prepared = parsed.ok
    ? prepareCast(parsed.submission, limits)
    : { ok: false as const, problems: [parsed.problem] };
  if (!prepared.ok) {
    throw new UsageError(
      prepared.problems.map((p) => `${optionOf[p.field]}: ${p.message}`).join('\n'),
    );
  }
  return { request: prepared.request, fresh: prepared.fresh };
}

/** `--schema @file.json` reads the file, as curl's `-d @file` does. */
function schemaText(value: string | undefined): string {
  if (value === undefined || !value.startsWith('@')) return value ?? '';
  try {
    return readFileSync(value.slice(1), 'utf8');
  } catch (err) {
    throw new UsageError(`--schema: cannot read ${value.slice(1)}: ${(err as Error).message}`);
  }
}
