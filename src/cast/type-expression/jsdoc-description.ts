import ts from 'typescript';

/**
 * The JSDoc comments before a property. The parser attaches JSDoc only when it starts a line,
 * but a one-line type (`{ /** The city's name *\/ city: string }`) is the common case here, so
 * every `/**` comment between the previous token and the property counts; each is then read by
 * TypeScript's JSDoc parser, which strips the stars and leaves the tags out.
 */
export function jsDocDescription(member: ts.TypeElement): string | undefined {
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
