import type { EvalCase, MatchRules } from './cases.js';

/** Whether an answer counts as correct: it matches the expected value or one of the accepted ones. */
export function isCorrect(evalCase: EvalCase, answer: unknown): boolean {
  const rules = evalCase.match ?? {};
  return [evalCase.expected, ...(evalCase.accept ?? [])].some((wanted) =>
    matches(wanted, answer, rules),
  );
}

/**
 * Structural comparison under the case's rules. Objects must have the same properties (apart
 * from ignored ones); arrays the same length; a number never equals a numeric string.
 */
export function matches(expected: unknown, actual: unknown, rules: MatchRules): boolean {
  if (typeof expected === 'string') {
    return typeof actual === 'string' && sameText(expected, actual, rules);
  }
  if (typeof expected === 'number') {
    return typeof actual === 'number' && Math.abs(expected - actual) <= (rules.tolerance ?? 0);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return rules.unordered
      ? sameItemsInAnyOrder(expected, actual, rules)
      : expected.every((item, i) => matches(item, actual[i], rules));
  }
  if (isRecord(expected)) {
    if (!isRecord(actual)) return false;
    const ignored = new Set(rules.ignoreKeys ?? []);
    const keys = (value: Record<string, unknown>) =>
      Object.keys(value)
        .filter((k) => !ignored.has(k))
        .sort();
    const wanted = keys(expected);
    const given = keys(actual);
    return (
      wanted.length === given.length &&
      wanted.every((k, i) => k === given[i] && matches(expected[k], actual[k], rules))
    );
  }
  return expected === actual;
}

function sameText(expected: string, actual: string, rules: MatchRules): boolean {
  if (!rules.caseInsensitive) return expected === actual;
  const loose = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
  return loose(expected) === loose(actual);
}

/**
 * A perfect matching between expected and actual items (augmenting paths), so that loose
 * rules cannot let one answer item stand for two expected ones.
 */
function sameItemsInAnyOrder(expected: unknown[], actual: unknown[], rules: MatchRules): boolean {
  const fits = expected.map((e) => actual.map((a) => matches(e, a, rules)));
  const owner: (number | undefined)[] = actual.map(() => undefined);
  const claim = (e: number, seen: boolean[]): boolean => {
    for (let a = 0; a < actual.length; a++) {
      if (!fits[e]?.[a] || seen[a]) continue;
      seen[a] = true;
      const previous = owner[a];
      if (previous === undefined || claim(previous, seen)) {
        owner[a] = e;
        return true;
      }
    }
    return false;
  };
  return expected.every((_, e) =>
    claim(
      e,
      actual.map(() => false),
    ),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
