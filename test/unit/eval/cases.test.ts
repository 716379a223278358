import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCases, selectCases, type EvalCase } from '../../../scripts/eval/cases.js';
import { isCorrect } from '../../../scripts/eval/score.js';
import { buildPrompt } from '../../../src/cast/prompt.js';
import { workedExamples } from '../../../src/cast/worked-examples.js';
import { validateValue } from '../../../src/cast/validate.js';
import { prepareCast } from '../../../src/web/cast-input.js';

const casesPath = new URL('../../../scripts/eval/cases.jsonl', import.meta.url);
const line = (c: object) => JSON.stringify(c);
const valid = {
  id: 'a',
  category: 'numbers',
  text: 'one',
  target: { preset: 'number' },
  expected: 1,
};

describe('parseCases', () => {
  it('reads one case per line, skipping blank and comment lines', () => {
    const text = ['// a comment', line(valid), '', line({ ...valid, id: 'b', expected: 2 })].join(
      '\n',
    );
    expect(parseCases(text, 'cases.jsonl').map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('names the line of every bad case at once', () => {
    const text = [
      line(valid),
      '{ not json',
      line({ ...valid, id: 'c', target: { kind: 'number' } }),
      line({ ...valid, id: 'd', expected: undefined }),
      line({ ...valid, id: 'e', match: { caseInsensitve: true } }),
      line({ ...valid }),
    ].join('\n');
    const error = (() => {
      try {
        parseCases(text, 'cases.jsonl');
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    })();
    expect(error).toContain('cases.jsonl:2: not valid JSON');
    expect(error).toMatch(/cases\.jsonl:3: target/);
    expect(error).toMatch(/cases\.jsonl:4: expected/);
    expect(error).toMatch(/cases\.jsonl:5: match/);
    expect(error).toContain('cases.jsonl:6: the id "a" is already used on line 1');
  });
});

describe('selectCases', () => {
  const cases = ['x', 'y', 'x', 'z'].map((category, i) => ({ ...valid, id: `c${i}`, category }));

  it('filters by category and then limits', () => {
    expect(selectCases(cases, { categories: ['x'] }).map((c) => c.id)).toEqual(['c0', 'c2']);
    expect(selectCases(cases, { categories: ['x', 'z'], limit: 2 }).map((c) => c.id)).toEqual([
      'c0',
      'c2',
    ]);
    expect(selectCases(cases, { limit: 3 })).toHaveLength(3);
    expect(selectCases(cases, {})).toHaveLength(4);
  });

  it('refuses an unknown category, naming the known ones', () => {
    expect(() => selectCases(cases, { categories: ['money'] })).toThrow(
      'Unknown category money; the cases have: x, y, z.',
    );
  });
});

describe('the labelled case set', () => {
  const cases = parseCases(readFileSync(casesPath, 'utf8'), 'cases.jsonl');
  const limits = { maxDataChars: 20_000, model: 'eval' };
  const requestOf = (c: EvalCase) => {
    const prepared = prepareCast(
      {
        data: c.text,
        target: c.target,
        ...(c.instructions ? { instructions: c.instructions } : {}),
      },
      limits,
    );
    if (!prepared.ok) throw new Error(`${c.id}: ${JSON.stringify(prepared.problems)}`);
    return prepared.request;
  };

  it('has at least 60 cases in every category the issue names', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const count = (category: string) => cases.filter((c) => c.category === category).length;
    for (const category of [
      'number-words',
      'number-lists',
      'negation',
      'choices',
      'places',
      'money',
      'dates',
      'nested',
      'entities',
    ]) {
      expect(count(category), category).toBeGreaterThanOrEqual(5);
    }
  });

  it('resolves every target as the API does, and labels every case with a valid value', () => {
    for (const c of cases) {
      const { schema } = requestOf(c).target;
      for (const answer of [c.expected, ...(c.accept ?? [])]) {
        const checked = validateValue(schema, answer);
        expect(checked, `${c.id}: ${JSON.stringify(answer)}`).toEqual({ ok: true, value: answer });
        expect(isCorrect(c, answer), c.id).toBe(true);
      }
    }
  });

  it('gives dates relative to a today the instructions name', () => {
    for (const c of cases.filter((c) => c.category === 'dates')) {
      expect(c.instructions, c.id).toMatch(/^Today is \w+day \d{4}-\d{2}-\d{2}\.$/);
    }
  });

  it('is not part of the prompt: no case text appears in what the model is shown', () => {
    const shown = [
      ...buildPrompt({ ...requestOf(valid), text: '' }).map((m) => m.content),
      ...workedExamples.flatMap((e) => [e.text, e.instructions ?? '']),
    ]
      .join('\n')
      .toLowerCase();
    for (const c of cases) {
      expect(shown, c.id).not.toContain(c.text.toLowerCase());
    }
  });
});
