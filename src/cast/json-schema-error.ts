import { TargetError } from './target-error.js';

/** A JSON Schema that is valid but outside what typecast can use; the message says what to do. */
export function unsupported(pointer: string, problem: string): TargetError {
  return new TargetError('UnsupportedJsonSchema', `The JSON Schema ${where(pointer)} ${problem}`, {
    pointer,
  });
}

/** Something that is not a valid JSON Schema at all. */
export function invalid(pointer: string, problem: string): TargetError {
  return new TargetError(
    'InvalidJsonSchema',
    `The JSON Schema is not valid ${where(pointer)}: ${problem}`,
    { pointer },
  );
}

export function where(pointer: string): string {
  return pointer === '' ? 'at its root' : `at ${pointer}`;
}
