import ts from 'typescript';
import { TargetError, type SourcePosition, type TargetErrorCode } from './target-error.js';
import type { JsonSchema, Target } from './types.js';

/**
 * Parses a TypeScript type expression ("number[]", `"low" | "high"`, `{ city: string }`) into
 * JSON Schema with TypeScript's own parser (see docs/decisions/0001). Only the syntax is used,
 * never the checker: a type expression stands alone, so the only names it may use are the
 * built-ins handled here.
 *
 * `Date` becomes `{ type: 'string', format: 'date-time' }`, the form `Date.prototype.toJSON`
 * produces; for a calendar date use the `date` preset or a JSON Schema with format 'date'.
 */
export function parseTypeExpression(source: string): Target {
  const label = source.trim();
  if (label === '') {
    throw new TargetError(
      'InvalidTypeExpression',
      'The type expression is empty. Write a TypeScript type such as number, string[] or { city: string }.',
    );
  }
  if (source.length > maxSourceLength) {
    throw new TargetError(
      'InvalidTypeExpression',
      `The type expression is ${source.length} characters long; keep it under ${maxSourceLength}, or send a JSON Schema.`,
    );
  }
  const typeNode = parseAlias(source);
  return { label, schema: new Converter(source).convert(typeNode, 0) };
}

const maxSourceLength = 20_000;
const maxDepth = 32;
// The user's text is parsed as the right-hand side of a type alias, so every position the
// parser reports is shifted by the prefix.
const prefix = 'type __T = ';
const fileName = 'type-expression.ts';

function parseAlias(source: string): ts.TypeNode {
  const text = `${prefix}${source}\n;`;
  let sourceFile: ts.SourceFile;
  let diagnostics: readonly ts.Diagnostic[];
  try {
    sourceFile = ts.createSourceFile(
      fileName,
      text,
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TS,
    );
    diagnostics = syntacticDiagnostics(sourceFile);
  } catch (err) {
    // Thousands of nested brackets overflow the parser's stack before any diagnostic exists.
    if (err instanceof RangeError) {
      throw new TargetError(
        'InvalidTypeExpression',
        'The type expression is nested too deeply; simplify it or send a JSON Schema.',
      );
    }
    throw err;
  }
  const first = diagnostics[0];
  if (first) {
    const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    const message = text.endsWith('.') ? text.slice(0, -1) : text;
    throw new TargetError(
      'InvalidTypeExpression',
      `The type expression is not valid TypeScript: ${message}${at(source, first.start ?? prefix.length)}. Fix the syntax and try again.`,
      { position: position(source, first.start ?? prefix.length) },
    );
  }
  const [statement, ...rest] = sourceFile.statements;
  // We end the alias with our own `;`, so anything after it, even a `;`, is the person's.
  const extra = rest[0];
  if (!statement || !ts.isTypeAliasDeclaration(statement) || extra) {
    // Our closing `;` is the extra statement when the person ended the type with their own.
    const ours = extra && extra.getStart(sourceFile) >= prefix.length + source.length;
    const start =
      extra && !ours ? extra.getStart(sourceFile) : (statement?.end ?? prefix.length + 1) - 1;
    throw new TargetError(
      'InvalidTypeExpression',
      `The type expression must be a single type, but more follows it${at(source, start)}. Remove everything after the type.`,
      { position: position(source, start) },
    );
  }
  return statement.type;
}

/** The parser's syntax errors, through the public Program API (parseDiagnostics is internal). */
function syntacticDiagnostics(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [] };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: () => undefined,
  };
  return ts.createProgram([fileName], options, host).getSyntacticDiagnostics(sourceFile);
}

/** 1-based line and column in the person's text of a position in the parsed text. */
function position(source: string, parsedOffset: number): SourcePosition {
  const offset = Math.min(Math.max(parsedOffset - prefix.length, 0), source.length);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

function at(source: string, parsedOffset: number): string {
  const { line, column } = position(source, parsedOffset);
  return ` at line ${line}, column ${column}`;
}

type Literal = string | number | boolean | null;

class Converter {
  constructor(private readonly source: string) {}

  convert(node: ts.TypeNode, depth: number): JsonSchema {
    if (depth > maxDepth) {
      throw this.fail(
        'InvalidTypeExpression',
        node,
        'nesting',
        `is nested more than ${maxDepth} levels deep; simplify it or send a JSON Schema.`,
      );
    }
    const next = depth + 1;
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.AnyKeyword:
        // Any JSON value.
        return {};
      case ts.SyntaxKind.BigIntKeyword:
        throw this.unsupported(
          node,
          'bigint type',
          'JSON has no bigint; use number, or string for very large integers.',
        );
      case ts.SyntaxKind.UndefinedKeyword:
      case ts.SyntaxKind.VoidKeyword:
        throw this.unsupported(
          node,
          ts.tokenToString(node.kind) ?? 'undefined',
          'JSON has no undefined; mark a property optional with ? or use | null.',
        );
      case ts.SyntaxKind.LiteralType:
        return literalSchema(this.literal(node as ts.LiteralTypeNode));
      case ts.SyntaxKind.ParenthesizedType:
        return this.convert((node as ts.ParenthesizedTypeNode).type, depth);
      case ts.SyntaxKind.UnionType:
        return this.union(node as ts.UnionTypeNode, next);
      case ts.SyntaxKind.ArrayType:
        return { type: 'array', items: this.convert((node as ts.ArrayTypeNode).elementType, next) };
      case ts.SyntaxKind.TypeOperator:
        return this.typeOperator(node as ts.TypeOperatorNode, depth);
      case ts.SyntaxKind.TupleType:
        return this.tuple(node as ts.TupleTypeNode, next);
      case ts.SyntaxKind.TypeLiteral:
        return this.object(node as ts.TypeLiteralNode, next);
      case ts.SyntaxKind.TypeReference:
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
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return (literal as ts.StringLiteral).text;
      case ts.SyntaxKind.NumericLiteral:
        return Number((literal as ts.NumericLiteral).text);
      case ts.SyntaxKind.TrueKeyword:
        return true;
      case ts.SyntaxKind.FalseKeyword:
        return false;
      case ts.SyntaxKind.NullKeyword:
        return null;
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const unary = literal as ts.PrefixUnaryExpression;
        if (unary.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(unary.operand)) {
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
    const literals = nonNull.every(ts.isLiteralTypeNode)
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
      node.operator === ts.SyntaxKind.ReadonlyKeyword &&
      (ts.isArrayTypeNode(node.type) || ts.isTupleTypeNode(node.type))
    ) {
      return this.convert(node.type, depth);
    }
    throw this.unsupported(
      node,
      `${ts.tokenToString(node.operator)} type operator`,
      'only readonly arrays and tuples are supported.',
    );
  }

  private tuple(node: ts.TupleTypeNode, depth: number): JsonSchema {
    const prefixItems: JsonSchema[] = [];
    let required = 0;
    let rest: JsonSchema | undefined;
    node.elements.forEach((element, index) => {
      let type: ts.TypeNode = element;
      let optional = false;
      let isRest = false;
      if (ts.isNamedTupleMember(element)) {
        type = element.type;
        optional = element.questionToken !== undefined;
        isRest = element.dotDotDotToken !== undefined;
      }
      if (ts.isOptionalTypeNode(type)) {
        type = type.type;
        optional = true;
      }
      if (ts.isRestTypeNode(type)) {
        type = type.type;
        isRest = true;
      }
      if (isRest) {
        const items = ts.isArrayTypeNode(type) ? type.elementType : undefined;
        if (!items || index !== node.elements.length - 1) {
          throw this.unsupported(
            element,
            'rest element',
            'only a final rest element of an array type is supported, e.g. [string, ...number[]].',
          );
        }
        rest = this.convert(items, depth);
        return;
      }
      if (!optional && required < prefixItems.length) {
        throw this.fail(
          'InvalidTypeExpression',
          element,
          'tuple',
          'has a required element after an optional one; move the optional elements last.',
        );
      }
      prefixItems.push(this.convert(type, depth));
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

  private object(node: ts.TypeLiteralNode, depth: number): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let additional: JsonSchema | undefined;
    for (const member of node.members) {
      if (ts.isIndexSignatureDeclaration(member)) {
        additional = this.indexSignature(member, depth);
        continue;
      }
      if (!ts.isPropertySignature(member)) {
        throw this.unsupported(
          member,
          memberName(member),
          'object types may only have properties, e.g. { name: string; age?: number }.',
        );
      }
      const name = this.propertyName(member);
      if (Object.hasOwn(properties, name)) {
        throw this.fail(
          'InvalidTypeExpression',
          member,
          'property',
          `declares the property "${name}" twice; remove one.`,
        );
      }
      if (!member.type) {
        throw this.fail(
          'InvalidTypeExpression',
          member,
          'property',
          `"${name}" has no type; write ${name}: string (or another type).`,
        );
      }
      const schema = this.convert(member.type, depth);
      const description = jsDocDescription(member);
      // Object.defineProperty, so a property named __proto__ stays an own property.
      Object.defineProperty(properties, name, {
        value: description ? { ...schema, description } : schema,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (!member.questionToken) required.push(name);
    }
    return {
      type: 'object',
      properties,
      required,
      additionalProperties: additional ?? false,
    };
  }

  private indexSignature(member: ts.IndexSignatureDeclaration, depth: number): JsonSchema {
    const key = member.parameters[0]?.type;
    if (member.parameters.length !== 1 || key?.kind !== ts.SyntaxKind.StringKeyword) {
      throw this.unsupported(
        member,
        'index signature',
        'only string keys are supported, e.g. { [key: string]: number }.',
      );
    }
    return this.convert(member.type, depth);
  }

  private propertyName(member: ts.PropertySignature): string {
    const { name } = member;
    if (
      ts.isIdentifier(name) ||
      ts.isStringLiteral(name) ||
      ts.isNoSubstitutionTemplateLiteral(name)
    ) {
      return name.text;
    }
    if (ts.isNumericLiteral(name)) return String(Number(name.text));
    throw this.unsupported(
      name,
      'computed property name',
      'write the property name plainly, e.g. { "my key": string }.',
    );
  }

  private reference(node: ts.TypeReferenceNode, depth: number): JsonSchema {
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : undefined;
    const args = node.typeArguments ?? [];
    const generic = args.length > 0 ? `${node.typeName.getText()}<...>` : node.typeName.getText();
    if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) {
      return { type: 'array', items: this.convert(args[0]!, depth) };
    }
    if (name === 'Record' && args.length === 2) {
      if (args[0]!.kind !== ts.SyntaxKind.StringKeyword) {
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

  private unsupported(node: ts.Node, construct: string, hint: string): TargetError {
    return this.fail('UnsupportedTypeSyntax', node, construct, `is not supported: ${hint}`);
  }

  private fail(
    code: TargetErrorCode,
    node: ts.Node,
    construct: string,
    problem: string,
  ): TargetError {
    const start = node.getStart();
    return new TargetError(code, `The ${construct}${at(this.source, start)} ${problem}`, {
      position: position(this.source, start),
      construct,
    });
  }
}

function flattenUnion(node: ts.TypeNode): ts.TypeNode[] {
  if (ts.isParenthesizedTypeNode(node)) return flattenUnion(node.type);
  if (ts.isUnionTypeNode(node)) return node.types.flatMap(flattenUnion);
  return [node];
}

function isNullLiteral(node: ts.TypeNode): boolean {
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}

function literalSchema(value: Literal): JsonSchema {
  return { type: jsonType(value), const: value };
}

function jsonType(value: Literal): string {
  if (value === null) return 'null';
  return typeof value;
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

/**
 * The JSDoc comments before a property. The parser attaches JSDoc only when it starts a line,
 * but a one-line type (`{ /** The city's name *\/ city: string }`) is the common case here, so
 * every `/**` comment between the previous token and the property counts; each is then read by
 * TypeScript's JSDoc parser, which strips the stars and leaves the tags out.
 */
function jsDocDescription(member: ts.TypeElement): string | undefined {
  const text = member.getSourceFile().text;
  const ranges = [
    ...(ts.getTrailingCommentRanges(text, member.pos) ?? []),
    ...(ts.getLeadingCommentRanges(text, member.pos) ?? []),
  ];
  const seen = new Set<number>();
  const texts: string[] = [];
  for (const range of ranges.sort((a, b) => a.pos - b.pos)) {
    if (seen.has(range.pos) || range.kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    seen.add(range.pos);
    const comment = text.slice(range.pos, range.end);
    if (!comment.startsWith('/**') || comment === '/**/') continue;
    const description = readJsDoc(comment);
    if (description) texts.push(description);
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function readJsDoc(comment: string): string | undefined {
  const file = ts.createSourceFile(
    'doc.ts',
    `${comment}\ntype D = 0;`,
    ts.ScriptTarget.Latest,
    true,
  );
  const [statement] = file.statements;
  if (!statement) return undefined;
  const texts = ts
    .getJSDocCommentsAndTags(statement)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment)?.trim())
    .filter((t): t is string => Boolean(t));
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function memberName(member: ts.TypeElement): string {
  switch (member.kind) {
    case ts.SyntaxKind.MethodSignature:
      return 'method signature';
    case ts.SyntaxKind.CallSignature:
      return 'call signature';
    case ts.SyntaxKind.ConstructSignature:
      return 'construct signature';
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return 'accessor';
    default:
      return 'object member';
  }
}

const constructNames: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.FunctionType]: 'function type',
  [ts.SyntaxKind.ConstructorType]: 'constructor type',
  [ts.SyntaxKind.ConditionalType]: 'conditional type',
  [ts.SyntaxKind.MappedType]: 'mapped type',
  [ts.SyntaxKind.TemplateLiteralType]: 'template literal type',
  [ts.SyntaxKind.IntersectionType]: 'intersection type',
  [ts.SyntaxKind.IndexedAccessType]: 'indexed access type',
  [ts.SyntaxKind.TypeQuery]: 'typeof type query',
  [ts.SyntaxKind.ImportType]: 'import type',
  [ts.SyntaxKind.InferType]: 'infer type',
  [ts.SyntaxKind.TypePredicate]: 'type predicate',
  [ts.SyntaxKind.ThisType]: 'this type',
  [ts.SyntaxKind.NeverKeyword]: 'never type',
  [ts.SyntaxKind.SymbolKeyword]: 'symbol type',
  [ts.SyntaxKind.ObjectKeyword]: 'object keyword',
  [ts.SyntaxKind.OptionalType]: 'optional type',
  [ts.SyntaxKind.RestType]: 'rest type',
};

function constructName(node: ts.Node): string {
  return constructNames[node.kind] ?? `${ts.SyntaxKind[node.kind]} syntax`;
}
