import type ts from 'typescript';
import { typescript } from './typescript.js';
import type { JsonSchema } from '../types.js';
import type { TypeNodeConversion } from './conversion.js';

/** A tuple type as prefixItems; optional elements lower minItems, a final rest element sets items. */
export function tupleTypeSchema(
  node: ts.TupleTypeNode,
  depth: number,
  conversion: TypeNodeConversion,
): JsonSchema {
  const prefixItems: JsonSchema[] = [];
  let required = 0;
  let rest: JsonSchema | undefined;
  node.elements.forEach((element, index) => {
    let type: ts.TypeNode = element;
    let optional = false;
    let isRest = false;
    if (typescript.isNamedTupleMember(element)) {
      type = element.type;
      optional = element.questionToken !== undefined;
      isRest = element.dotDotDotToken !== undefined;
    }
    if (typescript.isOptionalTypeNode(type)) {
      type = type.type;
      optional = true;
    }
    if (typescript.isRestTypeNode(type)) {
      type = type.type;
      isRest = true;
    }
    if (isRest) {
      const items = typescript.isArrayTypeNode(type) ? type.elementType : undefined;
      if (!items || index !== node.elements.length - 1) {
        throw conversion.unsupported(
          element,
          'rest element',
          'only a final rest element of an array type is supported, e.g. [string, ...number[]].',
        );
      }
      rest = conversion.convert(items, depth);
      return;
    }
    if (!optional && required < prefixItems.length) {
      throw conversion.fail(
        'InvalidTypeExpression',
        element,
        'tuple',
        'has a required element after an optional one; move the optional elements last.',
      );
    }
    prefixItems.push(conversion.convert(type, depth));
    if (!optional) required++;
  });
  if (prefixItems.length === 0) {
    return rest ? { type: 'array', items: rest } : { type: 'array', maxItems: 0 };
  }
  return {
    type: 'array',
    prefixItems,
    items: rest ?? false,
    minItems: required,
    ...(rest ? {} : { maxItems: prefixItems.length }),
  };
}
