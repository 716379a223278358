import type ts from 'typescript';
import type { TargetError, TargetErrorCode } from '../target-error.js';
import type { JsonSchema } from '../types.js';

/**
 * What the object and tuple conversions need from the converter that calls them for their
 * members and elements: they depend on this, not on the converter, so nothing imports in a circle.
 */
export interface TypeNodeConversion {
  convert(node: ts.TypeNode, depth: number): JsonSchema;
  unsupported(node: ts.Node, construct: string, hint: string): TargetError;
  fail(code: TargetErrorCode, node: ts.Node, construct: string, problem: string): TargetError;
}
