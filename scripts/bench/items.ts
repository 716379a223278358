// What the clients cast, and what the scripted model answers: each answer depends on the
// cast's own text, so a value that reaches the wrong client, or comes from a cache it should
// not, is caught.

/** One cast a client submits and the value it must see. */
export interface BenchItem {
  text: string;
  expected: number[];
}

/** The target every bench cast asks for: a preset the page and the API both offer. */
export const benchPreset = 'number-list';

/** A cast the model answers after the set latency. */
export function castItem(tag: string, n: number): BenchItem {
  return { text: `bench item ${n} of ${tag}`, expected: [n] };
}

/** A cast the model holds for minutes: it stays running while readers read it. */
export function heldItem(tag: string, n: number): BenchItem {
  return { text: `bench hold ${n} of ${tag}`, expected: [n] };
}

/** Which item a prompt is about, as the model server sees it: its text, and whether it is held. */
export function itemInPrompt(
  prompt: string,
): { held: boolean; n: number; text: string } | undefined {
  const match = /bench (item|hold) (\d+) of [\w-]+/.exec(prompt);
  return match ? { held: match[1] === 'hold', n: Number(match[2]), text: match[0] } : undefined;
}
