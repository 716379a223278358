import { z } from 'zod';
import { compilePattern, type LinearPattern } from './linear-pattern.js';

/**
 * `z.fromJSONSchema` turns every `pattern` into `new RegExp(pattern)`, whose backtracking can
 * stall the process on one answer (`^(a+)+$` against "aaaa…!"). zod has no option for another
 * engine, so after building a validator we hand each of its regex checks a stand-in that runs
 * the same pattern on RE2 (see docs/decisions/0012). zod's own format checks (email, uuid…) are
 * other check kinds with zod's fixed regexes and stay as they are.
 */
export function useLinearPatterns(validator: z.ZodType): void {
  const seen = new Set<object>();
  const pending: unknown[] = [validator];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!isSchema(next) || seen.has(next)) continue;
    seen.add(next);
    const { def } = next._zod;
    for (const check of def.checks ?? []) {
      if (check instanceof z.core.$ZodCheckRegex) {
        const regexDef = check._zod.def;
        regexDef.pattern = regExpLike(compilePattern(regexDef.pattern.source));
      }
    }
    for (const [key, value] of Object.entries(def)) {
      if (key === 'checks') continue;
      if (key === 'getter' && typeof value === 'function') pending.push(value());
      else if (key === 'shape' && value && typeof value === 'object') {
        pending.push(...Object.values(value));
      } else if (Array.isArray(value)) pending.push(...value);
      else pending.push(value);
    }
  }
}

function isSchema(value: unknown): value is z.core.$ZodType {
  return value instanceof z.core.$ZodType;
}

/** zod's regex check resets `lastIndex`, calls `test` and names the pattern with `toString`. */
function regExpLike(pattern: LinearPattern): RegExp {
  const stand = {
    lastIndex: 0,
    source: pattern.source,
    flags: '',
    test: (text: string) => pattern.test(text),
    toString: () => `/${pattern.source}/`,
  };
  return stand as unknown as RegExp;
}
