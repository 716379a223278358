import type { SourcePosition } from './source-position.js';

export type TargetErrorCode =
  | 'UnknownPreset'
  | 'InvalidPresetOptions'
  | 'InvalidTypeExpression'
  | 'UnsupportedTypeSyntax'
  | 'InvalidJsonSchema'
  | 'UnsupportedJsonSchema';

export interface TargetErrorDetails {
  position?: SourcePosition;
  /** The construct that is not supported, e.g. 'function type' or 'generic type reference Map<...>'. */
  construct?: string;
  /** JSON pointer (RFC 6901) to the offending part of a JSON Schema; '' is the root. */
  pointer?: string;
}

/**
 * A target type that cannot be used. It is the person's input that is wrong, so the message
 * says what is wrong and how to fix it; the web layer shows it next to the field.
 */
export class TargetError extends Error {
  override name = 'TargetError';
  readonly code: TargetErrorCode;
  readonly position?: SourcePosition;
  readonly construct?: string;
  readonly pointer?: string;

  constructor(code: TargetErrorCode, message: string, details: TargetErrorDetails = {}) {
    super(message);
    this.code = code;
    if (details.position) this.position = details.position;
    if (details.construct) this.construct = details.construct;
    if (details.pointer !== undefined) this.pointer = details.pointer;
  }
}
