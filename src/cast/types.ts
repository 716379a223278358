/** A JSON Schema document (draft 2020-12 subset). Kept loose: it is data from users and models. */
export type JsonSchema = { [key: string]: unknown };

/** How a person or program names the target type; all three resolve to one JSON Schema. */
export type TargetSpec =
  | { preset: string; labels?: string[] }
  | { type: string }
  | { schema: JsonSchema };

/** A target type in its canonical form. `label` is what a person reads ("number[]", "Location"). */
export interface Target {
  label: string;
  schema: JsonSchema;
}

/** Everything the model call needs. Never carries credentials. */
export interface CastRequest {
  text: string;
  target: Target;
  instructions?: string;
  model: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What a successful model call returns. */
export interface CastOutcome {
  value: unknown;
  usage: TokenUsage;
  /** How many times the model was asked again after an invalid answer. */
  reasks: number;
  /** Which output mode was used: strict structured output, or JSON mode as fallback. */
  mode: 'json_schema' | 'json_object';
}
