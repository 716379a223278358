import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { invalid, unsupported } from './json-schema-error.js';
import { checkSubset } from './json-schema-subset.js';
import { schemaBoundsProblem } from './schema-bounds.js';
import { referenceProblem } from './schema-references.js';
import { isPlainObject } from './schema-shape.js';
import { TargetError } from './target-error.js';
import type { JsonSchema, Target } from './types.js';
import { buildValidator } from './validate.js';

/**
 * Checks a JSON Schema sent by an API client or typed in the form, cheapest and safest first:
 * its size and nesting (with no recursion, so no input can overflow the stack), that it is a
 * JSON Schema at all (draft 2020-12 meta-schema), that it keeps to the subset that the strict
 * model schema, the prompt and the validator all understand, and that its references neither
 * loop nor multiply. Errors name the JSON pointer of the bad part.
 */
export function checkJsonSchema(schema: unknown): Target {
  if (!isPlainObject(schema)) {
    throw new TargetError(
      'InvalidJsonSchema',
      'The JSON Schema must be a JSON object, e.g. {"type": "number"}.',
      { pointer: '' },
    );
  }
  checkBounds(schema);
  if (schema.$schema !== undefined && schema.$schema !== draft2020) {
    throw unsupported(
      '/$schema',
      `declares ${JSON.stringify(schema.$schema)}; only draft 2020-12 (${draft2020}) is read. Remove $schema or use that value.`,
    );
  }
  checkMetaSchema(schema);
  checkReferences(checkSubset(schema));
  try {
    buildValidator(schema);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw unsupported('', `cannot be turned into a validator (${reason}). Simplify it.`);
  }
  const title = typeof schema.title === 'string' ? schema.title.trim() : '';
  return { label: title || 'JSON Schema', schema: structuredClone(schema) };
}

const draft2020 = 'https://json-schema.org/draft/2020-12/schema';

function checkBounds(schema: JsonSchema): void {
  const problem = schemaBoundsProblem(schema);
  if (problem?.kind === 'depth') {
    throw unsupported(
      problem.pointer,
      `is nested more than ${problem.limit} levels of JSON deep; flatten the schema.`,
    );
  }
  if (problem?.kind === 'size') {
    throw unsupported(
      '',
      `is ${problem.chars.toLocaleString('en')} characters of JSON; the limit is ${problem.limit.toLocaleString('en')}. Send a smaller schema.`,
    );
  }
}

function checkReferences(owners: ReturnType<typeof checkSubset>): void {
  const problem = referenceProblem(owners);
  if (problem?.kind === 'recursive') {
    throw unsupported(
      problem.pointer,
      `refers to ${JSON.stringify(problem.target)}, which contains this reference: recursive schemas are not supported. Write the nesting out to the depth you need.`,
    );
  }
  if (problem?.kind === 'depth') {
    throw unsupported(
      '',
      `is nested more than ${problem.limit} levels deep once its references are followed (each $ref counts as a level); flatten it.`,
    );
  }
  if (problem?.kind === 'size') {
    throw unsupported(
      '',
      `would have ${problem.subschemas.toLocaleString('en')} subschemas once its references are written out; the limit is ${problem.limit.toLocaleString('en')}. Reference fewer definitions from each other.`,
    );
  }
}

let ajv: Ajv2020 | undefined;

function checkMetaSchema(schema: JsonSchema): void {
  // Only the meta-schema is used: values are validated with zod (see validate.ts), so the
  // schema is never compiled here, formats need no implementation and no user pattern runs.
  ajv ??= new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  if (ajv.validateSchema(schema)) return;
  const errors = ajv.errors ?? [];
  const deepest = errors.reduce<ErrorObject | undefined>(
    (best, e) => (!best || e.instancePath.length > best.instancePath.length ? e : best),
    undefined,
  );
  const pointer = deepest?.instancePath ?? '';
  const allowed = deepest?.params?.allowedValues as unknown[] | undefined;
  const detail = `${deepest?.message ?? 'is not valid'}${allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : ''}`;
  throw invalid(pointer, `${detail}. Fix that part and send it again.`);
}
