/** Where in a person's text a problem is; line and column are 1-based, as an editor shows them. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/** The line and column of an offset in a text (the type expression, the JSON Schema typed in). */
export function sourcePosition(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset).split('\n');
  return { offset, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
