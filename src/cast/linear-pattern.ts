import { RegExpParser, visitRegExpAST } from '@eslint-community/regexpp';
import { RE2JS } from 're2js';

/** A user's `pattern`, compiled for a linear-time engine (RE2): no input can make it backtrack. */
export interface LinearPattern {
  readonly source: string;
  /** Whether the pattern matches anywhere in the text, like RegExp.prototype.test. */
  test(text: string): boolean;
}

/** Why a pattern cannot be used; `invalid` when it is not an ECMAScript regular expression at all. */
export class PatternError extends Error {
  override name = 'PatternError';
  constructor(
    readonly kind: 'invalid' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compiles a JSON Schema pattern (ECMAScript syntax, no flags) for RE2 (see
 * docs/decisions/0012). The ECMAScript parser says whether it is a regular expression at all and
 * finds what RE2 cannot run in linear time (backreferences, lookarounds), so the person reads
 * what to change; RE2 refuses the rest (e.g. a repeat count over 1000).
 */
export function compilePattern(source: string): LinearPattern {
  const cached = compiled.get(source);
  if (cached) return cached;
  let pattern;
  try {
    pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: false });
  } catch (err) {
    throw new PatternError('invalid', reasonOf(err));
  }
  let construct: string | undefined;
  visitRegExpAST(pattern, {
    onBackreferenceEnter: (node) => void (construct ??= `the backreference ${node.raw}`),
    onAssertionEnter: (node) => {
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') {
        construct ??= `the ${node.negate ? 'negative ' : ''}${node.kind} ${node.raw}`;
      }
    },
  });
  if (construct) {
    throw new PatternError(
      'unsupported',
      `uses ${construct}, which the linear-time pattern engine cannot run`,
    );
  }
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (err) {
    throw new PatternError(
      'unsupported',
      `cannot run on the linear-time pattern engine (${reasonOf(err)})`,
    );
  }
  const linear: LinearPattern = { source, test: (text) => re2.test(text) };
  if (compiled.size >= maxCachedPatterns) compiled.clear();
  compiled.set(source, linear);
  return linear;
}

// Presets and repeated targets use the same few patterns; the bound keeps a busy worker small.
const maxCachedPatterns = 500;
const compiled = new Map<string, LinearPattern>();

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^error parsing regexp: /, '');
}
