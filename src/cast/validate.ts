import { z } from 'zod';
import { useLinearPatterns } from './linear-pattern-checks.js';
import type { JsonSchema } from './types.js';

export type Validation = { ok: true; value: unknown } | { ok: false; issues: string[] };

/**
 * Validates a value against a target schema with zod built from the JSON Schema
 * (see docs/decisions/0002). Issues read like `value[1]: expected number, received string`,
 * because they are shown to people and sent back to the model verbatim.
 */
export function validateValue(schema: JsonSchema, value: unknown): Validation {
  const result = buildValidator(schema).safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issues = [...new Set(distinct(result.error.issues).flatMap((i) => describe(i, [])))];
  return {
    ok: false,
    issues:
      issues.length > maxIssues
        ? [...issues.slice(0, maxIssues), `… and ${issues.length - maxIssues} more issues`]
        : issues,
  };
}

const maxIssues = 20;
const validators = new WeakMap<JsonSchema, z.ZodType>();

/**
 * The zod schema for a JSON Schema, built once per schema object, with its patterns on RE2.
 * Throws if zod cannot build it or a pattern cannot run in linear time.
 */
export function buildValidator(schema: JsonSchema): z.ZodType {
  let validator = validators.get(schema);
  if (!validator) {
    // A private registry: the global one would keep every schema's metadata for the process.
    validator = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema, {
      defaultTarget: 'draft-2020-12',
      registry: z.registry(),
    });
    useLinearPatterns(validator);
    validators.set(schema, validator);
  }
  return validator;
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** zod checks a tuple's length twice (as a tuple and by minItems); one report is enough. */
function distinct(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path.map(String).join('\u0000')}|${issue.code}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(issue: Issue, base: Path): string[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return describeUnion(issue.errors, path);
  }
  return [`${formatPath(path)}: ${problem(issue)}`];
}

/**
 * zod reports every branch of a failed union. When all of them failed on the value's type,
 * one line lists what was expected; otherwise the branch that got furthest into the value
 * (deepest issue, then fewest issues) is the one the model most likely meant.
 */
function describeUnion(branches: Issue[][], path: Path): string[] {
  const rootTypeErrors = branches.every((issues) =>
    issues.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (rootTypeErrors) {
    const expected = [
      ...new Set(
        branches.flat().map((i) => (i.code === 'invalid_type' ? typeName(i.expected) : '')),
      ),
    ];
    const input = branches[0]?.[0]?.input;
    return [`${formatPath(path)}: expected ${expected.join(' or ')}, received ${received(input)}`];
  }
  const depth = (issues: Issue[]) => Math.max(...issues.map((i) => i.path.length));
  const best = [...branches].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0] ?? [];
  return best.flatMap((issue) => describe(issue, path));
}

function problem(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (
        issue.expected === 'nonoptional' ||
        (issue.input === undefined && issue.path.length > 0)
      ) {
        return issue.expected === 'nonoptional'
          ? 'required property is missing'
          : `required property is missing (expected ${typeName(issue.expected)})`;
      }
      return `expected ${typeName(issue.expected)}, received ${received(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${show(issue.values[0])}, received ${show(issue.input)}`
        : `expected one of ${issue.values.map(show).join(', ')}, received ${show(issue.input)}`;
    case 'invalid_format':
      return `expected ${formatName(issue)}, received ${show(issue.input)}`;
    case 'too_small':
    case 'too_big':
      return `${withoutPrefix(issue.message)}, received ${show(issue.input)}`;
    case 'unrecognized_keys':
      return `unexpected ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map(show).join(', ')}`;
    default:
      return withoutPrefix(issue.message);
  }
}

function formatName(issue: z.core.$ZodIssueInvalidStringFormat): string {
  switch (issue.format) {
    case 'email':
      return 'an email address';
    case 'url':
      return 'an absolute URL such as https://example.com/';
    case 'date':
      return 'a date in the form YYYY-MM-DD';
    case 'datetime':
      return 'a date-time with a time zone, such as 2026-07-04T18:30:00Z';
    case 'duration':
      return 'an ISO 8601 duration such as P3DT4H';
    case 'regex':
      return `a string matching ${issue.pattern ?? 'the pattern'}`;
    default:
      return `a string in the format ${issue.format}`;
  }
}

function typeName(expected: string): string {
  return expected === 'int' ? 'integer' : expected;
}

function received(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && !Number.isInteger(input)) return `number ${input}`;
  return typeof input;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'symbol' ? String(value) : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** zod's messages start with "Too small: " or "Invalid input: "; the path already says where. */
function withoutPrefix(message: string): string {
  const colon = message.indexOf(': ');
  return colon > 0 && colon < 20 ? message.slice(colon + 2) : message;
}

function formatPath(path: Path): string {
  let text = 'value';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
