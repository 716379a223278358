import { describe, expect, it } from 'vitest';
import type { EvalCase } from '../../../scripts/eval/cases.js';
import { isCorrect, matches } from '../../../scripts/eval/score.js';

const base: EvalCase = {
  id: 'c',
  category: 'test',
  text: 'x',
  target: { preset: 'number' },
  expected: 1,
};

describe('matches', () => {
  it('compares scalars exactly by default', () => {
    expect(matches(42, 42, {})).toBe(true);
    expect(matches(42, 42.0001, {})).toBe(false);
    expect(matches(42, '42', {})).toBe(false);
    expect(matches('Paris', 'paris', {})).toBe(false);
    expect(matches('Paris', ' Paris', {})).toBe(false);
    expect(matches(true, true, {})).toBe(true);
    expect(matches(false, 0, {})).toBe(false);
    expect(matches(null, null, {})).toBe(true);
    expect(matches(null, undefined, {})).toBe(false);
  });

  it('ignores case and spacing of strings only when asked', () => {
    const rules = { caseInsensitive: true };
    expect(matches('New York City', '  new york  CITY ', rules)).toBe(true);
    expect(matches('New York City', 'New York', rules)).toBe(false);
    expect(matches(['Alice'], ['ALICE'], rules)).toBe(true);
  });

  it('accepts numbers within the tolerance and no further', () => {
    expect(matches(5.99, 5.9904, { tolerance: 0.001 })).toBe(true);
    expect(matches(5.99, 5.992, { tolerance: 0.001 })).toBe(false);
    expect(matches({ amount: 0.75 }, { amount: 0.7501 }, { tolerance: 0.001 })).toBe(true);
  });

  it('compares arrays in order unless they are unordered', () => {
    expect(matches([1, 2, 3], [1, 2, 3], {})).toBe(true);
    expect(matches([1, 2, 3], [3, 2, 1], {})).toBe(false);
    expect(matches([1, 2, 3], [3, 2, 1], { unordered: true })).toBe(true);
    expect(matches([1, 2], [1, 2, 3], { unordered: true })).toBe(false);
    expect(matches([1, 2, 3], [1, 2], {})).toBe(false);
  });

  it('counts repeated items in an unordered array', () => {
    expect(matches([3, 3, 4], [3, 4, 4], { unordered: true })).toBe(false);
    expect(matches([3, 3, 4], [4, 3, 3], { unordered: true })).toBe(true);
  });

  it('pairs unordered items as a whole, not greedily', () => {
    // 1 fits both answers; 1.0015 only fits 1.0008. Pairing 1 with 1.0008 first would fail.
    const rules = { unordered: true, tolerance: 0.001 };
    expect(matches([1, 1.0015], [1.0008, 0.9995], rules)).toBe(true);
    // One loose answer item cannot stand for two expected items.
    expect(matches(['A', 'b'], ['a', 'a'], { unordered: true, caseInsensitive: true })).toBe(false);
  });

  it('needs the same properties on objects, at any depth', () => {
    const want = { city: 'Chicago', where: { country: 'US' } };
    expect(matches(want, { where: { country: 'US' }, city: 'Chicago' }, {})).toBe(true);
    expect(matches(want, { city: 'Chicago', where: { country: 'US', state: 'IL' } }, {})).toBe(
      false,
    );
    expect(matches(want, { city: 'Chicago' }, {})).toBe(false);
    expect(matches(want, [want], {})).toBe(false);
    expect(matches({ a: 1 }, null, {})).toBe(false);
  });

  it('skips ignored keys whether present, absent or different', () => {
    const rules = { ignoreKeys: ['state'] };
    const want = { city: 'Rome', country: 'IT' };
    expect(matches(want, { city: 'Rome', country: 'IT' }, rules)).toBe(true);
    expect(matches(want, { city: 'Rome', country: 'IT', state: 'Lazio' }, rules)).toBe(true);
    expect(matches({ ...want, state: 'RM' }, { city: 'Rome', country: 'IT' }, rules)).toBe(true);
    expect(matches(want, { city: 'Rome', country: 'FR', state: 'Lazio' }, rules)).toBe(false);
  });
});

describe('isCorrect', () => {
  it('takes the expected value or any accepted one, under the case rules', () => {
    const evalCase: EvalCase = {
      ...base,
      expected: { title: 'Nineteen Eighty-Four' },
      accept: [{ title: '1984' }],
      match: { caseInsensitive: true },
    };
    expect(isCorrect(evalCase, { title: 'nineteen eighty-four' })).toBe(true);
    expect(isCorrect(evalCase, { title: '1984' })).toBe(true);
    expect(isCorrect(evalCase, { title: 'Animal Farm' })).toBe(false);
  });

  it('is strict when the case has no rules', () => {
    expect(isCorrect({ ...base, expected: 'Positive' }, 'positive')).toBe(false);
    expect(isCorrect({ ...base, expected: 'Positive' }, 'Positive')).toBe(true);
  });
});
