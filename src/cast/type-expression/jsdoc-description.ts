import type ts from 'typescript';
import { typescript } from './typescript.js';

/**
 * The JSDoc comments before a property. The parser attaches JSDoc only when it starts a line,
 * but a one-line type (`{ /** The city's name *\/ city: string }`) is the common case here, so
 * every `/**` comment between the previous token and the property counts; each is then read by
 * TypeScript's JSDoc parser, which strips the stars and leaves the tags out.
 */
export function jsDocDescription(member: ts.TypeElement): string | undefined {
  const text = member.getSourceFile().text;
  const ranges = [
    ...(typescript.getTrailingCommentRanges(text, member.pos) ?? []),
    ...(typescript.getLeadingCommentRanges(text, member.pos) ?? []),
  ];
  const seen = new Set<number>();
  const texts: string[] = [];
  for (const range of ranges.sort((a, b) => a.pos - b.pos)) {
    if (seen.has(range.pos) || range.kind !== typescript.SyntaxKind.MultiLineCommentTrivia)
      continue;
    seen.add(range.pos);
    const comment = text.slice(range.pos, range.end);
    if (!comment.startsWith('/**') || comment === '/**/') continue;
    const description = readJsDoc(comment);
    if (description) texts.push(description);
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function readJsDoc(comment: string): string | undefined {
  const file = typescript.createSourceFile(
    'doc.ts',
    `${comment}\ntype D = 0;`,
    typescript.ScriptTarget.Latest,
    true,
  );
  const [statement] = file.statements;
  if (!statement) return undefined;
  const texts = typescript
    .getJSDocCommentsAndTags(statement)
    .filter(typescript.isJSDoc)
    .map((doc) => typescript.getTextOfJSDocComment(doc.comment)?.trim())
    .filter((t): t is string => Boolean(t));
  return texts.length > 0 ? texts.join('\n') : undefined;
}
