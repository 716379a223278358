import { schemaBoundsProblem } from '../schema-bounds.js';
import { TargetError } from '../target-error.js';
import type { Target } from '../types.js';
import { parseAlias } from './parse-source.js';
import { typeNodeSchema } from './type-node-schema.js';

/**
 * Parses a TypeScript type expression ("number[]", `"low" | "high"`, `{ city: string }`) into
 * JSON Schema with TypeScript's own parser (see docs/decisions/0001). Only the syntax is used,
 * never the checker: a type expression stands alone, so the only names it may use are the
 * built-ins handled here.
 *
 * `Date` becomes `{ type: 'string', format: 'date-time' }`, the form `Date.prototype.toJSON`
 * produces; for a calendar date use the `date` preset or a JSON Schema with format 'date'.
 */
export function parseTypeExpression(source: string): Target {
  const label = source.trim();
  if (label === '') {
    throw new TargetError(
      'InvalidTypeExpression',
      'The type expression is empty. Write a TypeScript type such as number, string[] or { city: string }.',
    );
  }
  if (source.length > maxSourceLength) {
    throw new TargetError(
      'InvalidTypeExpression',
      `The type expression is ${source.length} characters long; keep it under ${maxSourceLength}, or send a JSON Schema.`,
    );
  }
  const typeNode = parseAlias(source);
  const schema = typeNodeSchema(typeNode, source);
  // Nesting is bounded while converting; width is not, and a short type can make a long schema.
  const bounds = schemaBoundsProblem(schema);
  if (bounds) {
    const problem =
      bounds.kind === 'size'
        ? `makes a JSON Schema of ${bounds.chars.toLocaleString('en')} characters; the limit is ${bounds.limit.toLocaleString('en')}`
        : `makes a JSON Schema nested more than ${bounds.limit} levels deep`;
    throw new TargetError(
      'InvalidTypeExpression',
      `The type expression ${problem}. Simplify it, or split the cast.`,
    );
  }
  return { label, schema };
}

const maxSourceLength = 20_000;
