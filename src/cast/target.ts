import { checkJsonSchema } from './json-schema-input.js';
import { presetTarget } from './presets.js';
import { reservedNameProblem } from './reserved-names.js';
import { TargetError } from './target-error.js';
import { parseTypeExpression } from './type-expression/index.js';
import type { Target, TargetSpec } from './types.js';

/** The canonical target of any of the three ways to name one; throws TargetError. */
export function resolveTarget(spec: TargetSpec): Target {
  if ('preset' in spec) return presetTarget(spec.preset, spec.labels);
  if ('type' in spec) return withoutReservedNames(parseTypeExpression(spec.type), 'type');
  return withoutReservedNames(checkJsonSchema(spec.schema), 'schema');
}

function withoutReservedNames(target: Target, kind: 'type' | 'schema'): Target {
  const problem = reservedNameProblem(target.schema);
  if (!problem) return target;
  const message = `The property name "${problem.name}" is reserved in JavaScript objects (__proto__, constructor, prototype); rename it, e.g. to "${problem.name.replaceAll('_', '')}Name".`;
  throw kind === 'type'
    ? new TargetError('UnsupportedTypeSyntax', message, { construct: `property ${problem.name}` })
    : new TargetError('UnsupportedJsonSchema', message, { pointer: problem.pointer });
}
