import type ts from 'typescript';
import { typescript } from './typescript.js';
import { sourcePosition, type SourcePosition } from '../source-position.js';
import { TargetError } from '../target-error.js';

// The user's text is parsed as the right-hand side of a type alias, so every position the
// parser reports is shifted by the prefix.
const prefix = 'type __T = ';
const fileName = 'type-expression.ts';

/** The type node of the person's text, or a TargetError at the first syntax problem. */
export function parseAlias(source: string): ts.TypeNode {
  const text = `${prefix}${source}\n;`;
  let sourceFile: ts.SourceFile;
  let diagnostics: readonly ts.Diagnostic[];
  try {
    sourceFile = typescript.createSourceFile(
      fileName,
      text,
      typescript.ScriptTarget.Latest,
      true,
      typescript.ScriptKind.TS,
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
    const text = typescript.flattenDiagnosticMessageText(first.messageText, ' ');
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
  if (!statement || !typescript.isTypeAliasDeclaration(statement) || extra) {
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
  return typescript.createProgram([fileName], options, host).getSyntacticDiagnostics(sourceFile);
}

/** The position in the person's text of a position in the parsed text. */
export function position(source: string, parsedOffset: number): SourcePosition {
  return sourcePosition(source, Math.min(Math.max(parsedOffset - prefix.length, 0), source.length));
}

export function at(source: string, parsedOffset: number): string {
  const { line, column } = position(source, parsedOffset);
  return ` at line ${line}, column ${column}`;
}
