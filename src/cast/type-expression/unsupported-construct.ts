import ts from 'typescript';

/** What a person calls an object-type member that is not a property. */
export function memberName(member: ts.TypeElement): string {
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

/** How an error names a type construct that has no JSON Schema here. */
export function constructName(node: ts.Node): string {
  return constructNames[node.kind] ?? `${ts.SyntaxKind[node.kind]} syntax`;
}
