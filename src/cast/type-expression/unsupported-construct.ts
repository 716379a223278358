import type ts from 'typescript';
import { typescript } from './typescript.js';

/** What a person calls an object-type member that is not a property. */
export function memberName(member: ts.TypeElement): string {
  switch (member.kind) {
    case typescript.SyntaxKind.MethodSignature:
      return 'method signature';
    case typescript.SyntaxKind.CallSignature:
      return 'call signature';
    case typescript.SyntaxKind.ConstructSignature:
      return 'construct signature';
    case typescript.SyntaxKind.GetAccessor:
    case typescript.SyntaxKind.SetAccessor:
      return 'accessor';
    default:
      return 'object member';
  }
}

// Built on first use: reading SyntaxKind loads the compiler (typescript.ts).
let constructNames: Partial<Record<ts.SyntaxKind, string>> | undefined;
const constructNameTable = (): Partial<Record<ts.SyntaxKind, string>> =>
  (constructNames ??= {
    [typescript.SyntaxKind.FunctionType]: 'function type',
    [typescript.SyntaxKind.ConstructorType]: 'constructor type',
    [typescript.SyntaxKind.ConditionalType]: 'conditional type',
    [typescript.SyntaxKind.MappedType]: 'mapped type',
    [typescript.SyntaxKind.TemplateLiteralType]: 'template literal type',
    [typescript.SyntaxKind.IntersectionType]: 'intersection type',
    [typescript.SyntaxKind.IndexedAccessType]: 'indexed access type',
    [typescript.SyntaxKind.TypeQuery]: 'typeof type query',
    [typescript.SyntaxKind.ImportType]: 'import type',
    [typescript.SyntaxKind.InferType]: 'infer type',
    [typescript.SyntaxKind.TypePredicate]: 'type predicate',
    [typescript.SyntaxKind.ThisType]: 'this type',
    [typescript.SyntaxKind.NeverKeyword]: 'never type',
    [typescript.SyntaxKind.SymbolKeyword]: 'symbol type',
    [typescript.SyntaxKind.ObjectKeyword]: 'object keyword',
    [typescript.SyntaxKind.OptionalType]: 'optional type',
    [typescript.SyntaxKind.RestType]: 'rest type',
  });

/** How an error names a type construct that has no JSON Schema here. */
export function constructName(node: ts.Node): string {
  return constructNameTable()[node.kind] ?? `${typescript.SyntaxKind[node.kind]} syntax`;
}
