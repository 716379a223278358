import { expect, it } from 'vitest';
import { keptEnds } from '../../../src/local/service-process.js';

it('keeps all of a short stream, in order, however it arrives', () => {
  const kept = keptEnds(5, 10);
  for (const part of ['ab', 'cdef', 'gh']) kept.add(part);
  expect(kept.text()).toBe('abcdefgh');
});

it('keeps the start and the end of a long stream and marks what it dropped between', () => {
  const kept = keptEnds(6, 8);
  kept.add('panic: bind');
  for (let i = 0; i < 100; i++) kept.add(`trace ${i}\n`);
  kept.add('exit 2');
  expect(kept.text()).toBe('panic:\n…\n9\nexit 2');
  expect(kept.text()).not.toContain('trace 5');
});
