import { checkJsonSchema } from './json-schema-input.js';
import { presetTarget } from './presets.js';
import { parseTypeExpression } from './type-expression/index.js';
import type { Target, TargetSpec } from './types.js';

/** The canonical target of any of the three ways to name one; throws TargetError. */
export function resolveTarget(spec: TargetSpec): Target {
  if ('preset' in spec) return presetTarget(spec.preset, spec.labels);
  if ('type' in spec) return parseTypeExpression(spec.type);
  return checkJsonSchema(spec.schema);
}
