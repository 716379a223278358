import type ts from 'typescript';
import { typescript } from './typescript.js';
import { maxSchemaDepth } from '../schema-limits.js';
import { jsonType } from '../schema-shape.js';
import { TargetError, type TargetErrorCode } from '../target-error.js';
import type { JsonSchema } from '../types.js';
import type { TypeNodeConversion } from './conversion.js';
import { objectTypeSchema } from './object-type-schema.js';
import { at, position } from './parse-source.js';
import { tupleTypeSchema } from './tuple-type-schema.js';
import { constructName } from './unsupported-construct.js';

/** The JSON Schema of a parsed type expression; `source` is the person's text, for positions. */
export function typeNodeSchema(node: ts.TypeNode, source: string): JsonSchema {
  return new Converter(source).convert(node, 0);
}

type Literal = string | number | boolean | null;

class Converter implements TypeNodeConversion {
  constructor(private readonly source: string) {}

  convert(node: ts.TypeNode, depth: number): JsonSchema {
    if (depth > maxSchemaDepth) {
      throw this.fail(
        'InvalidTypeExpression',
        node,
        'nesting',
        `is nested more than ${maxSchemaDepth} levels deep; simplify it or send a JSON Schema.`,
      );
    }
    const next = depth + 1;
    switch (node.kind) {
      case typescript.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case typescript.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case typescript.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case typescript.SyntaxKind.UnknownKeyword:
      case typescript.SyntaxKind.AnyKeyword:
        // Any JSON value.
        return {};
      case typescript.SyntaxKind.BigIntKeyword:
        throw this.unsupported(
          node,
          'bigint type',
          'JSON has no bigint; use number, or string for very large integers.',
        );
      case typescript.SyntaxKind.UndefinedKeyword:
      case typescript.SyntaxKind.VoidKeyword:
        throw this.unsupported(
          node,
          typescript.tokenToString(node.kind) ?? 'undefined',
          'JSON has no undefined; mark a property optional with ? or use | null.',
        );
      case typescript.SyntaxKind.LiteralType:
        return literalSchema(this.literal(node as ts.LiteralTypeNode));
      case typescript.SyntaxKind.ParenthesizedType:
        return this.convert((node as ts.ParenthesizedTypeNode).type, depth);
      case typescript.SyntaxKind.UnionType:
        return this.union(node as ts.UnionTypeNode, next);
      case typescript.SyntaxKind.ArrayType:
        return { type: 'array', items: this.convert((node as ts.ArrayTypeNode).elementType, next) };
      case typescript.SyntaxKind.TypeOperator:
        return this.typeOperator(node as ts.TypeOperatorNode, depth);
      case typescript.SyntaxKind.TupleType:
        return tupleTypeSchema(node as ts.TupleTypeNode, next, this);
      case typescript.SyntaxKind.TypeLiteral:
        return objectTypeSchema(node as ts.TypeLiteralNode, next, this);
      case typescript.SyntaxKind.TypeReference:
        return this.reference(node as ts.TypeReferenceNode, next);
      default:
        throw this.unsupported(
          node,
          constructName(node),
          'describe the value with keywords, literals, unions, arrays, tuples and object types.',
        );
    }
  }

  private literal(node: ts.LiteralTypeNode): Literal {
    const { literal } = node;
    switch (literal.kind) {
      case typescript.SyntaxKind.StringLiteral:
      case typescript.SyntaxKind.NoSubstitutionTemplateLiteral:
        return (literal as ts.StringLiteral).text;
      case typescript.SyntaxKind.NumericLiteral:
        return Number((literal as ts.NumericLiteral).text);
      case typescript.SyntaxKind.TrueKeyword:
        return true;
      case typescript.SyntaxKind.FalseKeyword:
        return false;
      case typescript.SyntaxKind.NullKeyword:
        return null;
      case typescript.SyntaxKind.PrefixUnaryExpression: {
        const unary = literal as ts.PrefixUnaryExpression;
        if (
          unary.operator === typescript.SyntaxKind.MinusToken &&
          typescript.isNumericLiteral(unary.operand)
        ) {
          return -Number(unary.operand.text);
        }
        break;
      }
    }
    throw this.unsupported(
      node,
      'literal type',
      'only string, number, boolean and null literals are supported.',
    );
  }

  private union(node: ts.UnionTypeNode, depth: number): JsonSchema {
    const members = flattenUnion(node);
    const nonNull = members.filter((m) => !isNullLiteral(m));
    const hasNull = nonNull.length < members.length;
    const literals = nonNull.every(typescript.isLiteralTypeNode)
      ? nonNull.map((m) => this.literal(m as ts.LiteralTypeNode))
      : undefined;
    if (literals) {
      const values = unique<Literal>(hasNull ? [...literals, null] : literals);
      const types = unique(values.map(jsonType));
      return { type: types.length === 1 ? types[0] : types, enum: values };
    }
    const schemas = nonNull.map((m) => this.convert(m, depth));
    if (schemas.length === 1 && hasNull) return nullable(schemas[0]!);
    return { anyOf: hasNull ? [...schemas, { type: 'null' }] : schemas };
  }

  private typeOperator(node: ts.TypeOperatorNode, depth: number): JsonSchema {
    if (
      node.operator === typescript.SyntaxKind.ReadonlyKeyword &&
      (typescript.isArrayTypeNode(node.type) || typescript.isTupleTypeNode(node.type))
    ) {
      return this.convert(node.type, depth);
    }
    throw this.unsupported(
      node,
      `${typescript.tokenToString(node.operator)} type operator`,
      'only readonly arrays and tuples are supported.',
    );
  }

  private reference(node: ts.TypeReferenceNode, depth: number): JsonSchema {
    const name = typescript.isIdentifier(node.typeName) ? node.typeName.text : undefined;
    const args = node.typeArguments ?? [];
    const generic = args.length > 0 ? `${node.typeName.getText()}<...>` : node.typeName.getText();
    if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) {
      return { type: 'array', items: this.convert(args[0]!, depth) };
    }
    if (name === 'Record' && args.length === 2) {
      if (args[0]!.kind !== typescript.SyntaxKind.StringKeyword) {
        throw this.unsupported(
          args[0]!,
          'Record key type',
          'Record keys must be string, e.g. Record<string, number>.',
        );
      }
      return { type: 'object', additionalProperties: this.convert(args[1]!, depth) };
    }
    if (name === 'Date' && args.length === 0) {
      return { type: 'string', format: 'date-time' };
    }
    if (name === 'integer' || name === 'int') {
      throw this.unsupported(
        node,
        `type reference ${name}`,
        'TypeScript has no integer type; use number, or the integer preset.',
      );
    }
    const what =
      args.length > 0 ? `generic type reference ${generic}` : `type reference ${generic}`;
    throw this.unsupported(
      node,
      what,
      'a type expression stands alone, so it can only use built-in types (Array, ReadonlyArray, Record, Date); write the type out instead.',
    );
  }

  unsupported(node: ts.Node, construct: string, hint: string): TargetError {
    return this.fail('UnsupportedTypeSyntax', node, construct, `is not supported: ${hint}`);
  }

  fail(code: TargetErrorCode, node: ts.Node, construct: string, problem: string): TargetError {
    const start = node.getStart();
    return new TargetError(code, `The ${construct}${at(this.source, start)} ${problem}`, {
      position: position(this.source, start),
      construct,
    });
  }
}

function flattenUnion(node: ts.TypeNode): ts.TypeNode[] {
  if (typescript.isParenthesizedTypeNode(node)) return flattenUnion(node.type);
  if (typescript.isUnionTypeNode(node)) return node.types.flatMap(flattenUnion);
  return [node];
}

function isNullLiteral(node: ts.TypeNode): boolean {
  return (
    typescript.isLiteralTypeNode(node) && node.literal.kind === typescript.SyntaxKind.NullKeyword
  );
}

function literalSchema(value: Literal): JsonSchema {
  return { type: jsonType(value), const: value };
}

/** `T | null`: a type list where the schema is a plain type, anyOf otherwise. */
function nullable(schema: JsonSchema): JsonSchema {
  const keys = Object.keys(schema);
  if (typeof schema.type === 'string' && keys.every((k) => k === 'type' || k === 'format')) {
    return { ...schema, type: [schema.type, 'null'] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
