/**
 * The length of a text in characters as a person counts them: Unicode code points, so an emoji
 * is one character, not the two UTF-16 units of `String.length`. Not graphemes: one grapheme
 * can hold any number of combining marks, which would let a "short" text be arbitrarily long.
 */
export function characterCount(text: string): number {
  let count = 0;
  // Iterating a string yields code points.
  for (const _ of text) count++;
  return count;
}

/** The first `count` characters (code points) of a text: a preview never splits an emoji. */
export function firstCharacters(text: string, count: number): string {
  let end = 0;
  let taken = 0;
  for (const character of text) {
    if (taken === count) break;
    end += character.length;
    taken++;
  }
  return text.slice(0, end);
}
