import { z } from 'zod';
import { targetSpecSchema } from '../../src/web/api-schemas.js';

/**
 * How a case's answer is compared with its expected value when exact equality is too strict.
 * Every rule applies at any depth of the value (see docs/decisions/0015).
 */
export const matchRulesSchema = z.strictObject({
  /** Strings compare without regard to case and surrounding or repeated whitespace. */
  caseInsensitive: z.boolean().optional(),
  /** Numbers compare equal when they differ by at most this much. */
  tolerance: z.number().nonnegative().optional(),
  /** Arrays compare as multisets: the same items in any order. */
  unordered: z.boolean().optional(),
  /** Object properties with these names are not compared (present, absent or different). */
  ignoreKeys: z.array(z.string().min(1)).optional(),
});

export type MatchRules = z.infer<typeof matchRulesSchema>;

/** One labelled case: the same data, target and instructions the API takes, and the answer. */
export const evalCaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  category: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  text: z.string().min(1),
  target: targetSpecSchema,
  instructions: z.string().optional(),
  /** The answer a careful person gives; it must be a valid value of the target. */
  expected: z.unknown().refine((value) => value !== undefined, 'expected is required'),
  /** Other answers that count as correct, e.g. "New York" besides "New York City". */
  accept: z.array(z.unknown()).optional(),
  match: matchRulesSchema.optional(),
  /** Why the label is what it is, for a reader who doubts it. */
  note: z.string().optional(),
});

export type EvalCase = z.infer<typeof evalCaseSchema>;

/**
 * Reads a case file: one JSON object per line (JSON Lines), blank lines and lines starting
 * with `//` ignored. Throws one error listing every bad line, with its number, and duplicate ids.
 */
export function parseCases(text: string, source: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const problems: string[] = [];
  const lineOf = new Map<string, number>();
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    const where = `${source}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      problems.push(`${where}: not valid JSON (${(err as Error).message})`);
      return;
    }
    const parsed = evalCaseSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'case'}: ${i.message}`);
      problems.push(`${where}: ${issues.join('; ')}`);
      return;
    }
    const earlier = lineOf.get(parsed.data.id);
    if (earlier !== undefined) {
      problems.push(`${where}: the id "${parsed.data.id}" is already used on line ${earlier}`);
      return;
    }
    lineOf.set(parsed.data.id, index + 1);
    cases.push(parsed.data);
  });
  if (problems.length > 0) {
    throw new Error(`Invalid eval cases:\n  ${problems.join('\n  ')}`);
  }
  return cases;
}

/** The cases of the given categories (all when none are given), at most `limit` of them. */
export function selectCases(
  cases: EvalCase[],
  options: { categories?: string[]; limit?: number },
): EvalCase[] {
  const { categories = [], limit } = options;
  const known = new Set(cases.map((c) => c.category));
  const unknown = categories.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')}; the cases have: ${[...known].join(', ')}.`,
    );
  }
  const chosen =
    categories.length === 0 ? cases : cases.filter((c) => categories.includes(c.category));
  return limit === undefined ? chosen : chosen.slice(0, limit);
}
