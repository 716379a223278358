import type ts from 'typescript';
import { typescript } from './typescript.js';
import { setOwn } from '../schema-shape.js';
import type { JsonSchema } from '../types.js';
import type { TypeNodeConversion } from './conversion.js';
import { jsDocDescription } from './jsdoc-description.js';
import { memberName } from './unsupported-construct.js';

/** An object type literal as a closed object schema; an index signature opens it. */
export function objectTypeSchema(
  node: ts.TypeLiteralNode,
  depth: number,
  conversion: TypeNodeConversion,
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  let additional: JsonSchema | undefined;
  for (const member of node.members) {
    if (typescript.isIndexSignatureDeclaration(member)) {
      additional = indexSignature(member, depth, conversion);
      continue;
    }
    if (!typescript.isPropertySignature(member)) {
      throw conversion.unsupported(
        member,
        memberName(member),
        'object types may only have properties, e.g. { name: string; age?: number }.',
      );
    }
    const name = propertyName(member, conversion);
    if (Object.hasOwn(properties, name)) {
      throw conversion.fail(
        'InvalidTypeExpression',
        member,
        'property',
        `declares the property "${name}" twice; remove one.`,
      );
    }
    if (!member.type) {
      throw conversion.fail(
        'InvalidTypeExpression',
        member,
        'property',
        `"${name}" has no type; write ${name}: string (or another type).`,
      );
    }
    const schema = conversion.convert(member.type, depth);
    const description = jsDocDescription(member);
    setOwn(properties, name, description ? { ...schema, description } : schema);
    if (!member.questionToken) required.push(name);
  }
  return {
    type: 'object',
    properties,
    required,
    additionalProperties: additional ?? false,
  };
}

function indexSignature(
  member: ts.IndexSignatureDeclaration,
  depth: number,
  conversion: TypeNodeConversion,
): JsonSchema {
  const key = member.parameters[0]?.type;
  if (member.parameters.length !== 1 || key?.kind !== typescript.SyntaxKind.StringKeyword) {
    throw conversion.unsupported(
      member,
      'index signature',
      'only string keys are supported, e.g. { [key: string]: number }.',
    );
  }
  return conversion.convert(member.type, depth);
}

function propertyName(member: ts.PropertySignature, conversion: TypeNodeConversion): string {
  const { name } = member;
  if (
    typescript.isIdentifier(name) ||
    typescript.isStringLiteral(name) ||
    typescript.isNoSubstitutionTemplateLiteral(name)
  ) {
    return name.text;
  }
  if (typescript.isNumericLiteral(name)) return String(Number(name.text));
  throw conversion.unsupported(
    name,
    'computed property name',
    'write the property name plainly, e.g. { "my key": string }.',
  );
}
