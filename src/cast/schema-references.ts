import { maxExpandedSubschemas, maxSchemaDepth } from './schema-limits.js';

/** What the subset check saw of one schema that references can point at: the root or a $defs entry. */
export interface ReferenceOwner {
  /** The reference that names it: "#" or "#/$defs/<name>". */
  ref: string;
  /** Deepest schema level inside it, its own top being 0 (references not followed). */
  depth: number;
  subschemas: number;
  references: ReferenceSite[];
}

export interface ReferenceSite {
  /** JSON pointer of the `$ref` keyword, for the message. */
  pointer: string;
  /** Schema level of the schema holding the `$ref`, within its owner. */
  depth: number;
  /** The owner it points at, by its `ref`. */
  target: string;
}

export type ReferenceProblem =
  | { kind: 'recursive'; pointer: string; target: string }
  | { kind: 'depth'; limit: number }
  | { kind: 'size'; subschemas: number; limit: number };

/**
 * Checks the schema as the validator sees it, with every $ref written out in place: no cycle
 * (a recursive schema has no depth at all), and the root's depth and size within bounds. The
 * owners form a graph of at most a few thousand nodes, walked with an explicit stack.
 */
export function referenceProblem(owners: ReferenceOwner[]): ReferenceProblem | undefined {
  const byRef = new Map(owners.map((owner) => [owner.ref, owner]));
  const expanded = new Map<string, { depth: number; subschemas: number }>();
  const onPath = new Set<string>();
  for (const start of owners) {
    if (expanded.has(start.ref)) continue;
    const stack: { owner: ReferenceOwner; next: number }[] = [{ owner: start, next: 0 }];
    onPath.add(start.ref);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const site = frame.owner.references[frame.next];
      if (site) {
        frame.next++;
        if (onPath.has(site.target)) {
          return { kind: 'recursive', pointer: site.pointer, target: site.target };
        }
        const target = byRef.get(site.target);
        if (target && !expanded.has(target.ref)) {
          onPath.add(target.ref);
          stack.push({ owner: target, next: 0 });
        }
        continue;
      }
      expanded.set(frame.owner.ref, measure(frame.owner, expanded));
      onPath.delete(frame.owner.ref);
      stack.pop();
    }
  }
  const root = expanded.get('#');
  if (!root) return undefined;
  if (root.depth > maxSchemaDepth) return { kind: 'depth', limit: maxSchemaDepth };
  if (root.subschemas > maxExpandedSubschemas) {
    return { kind: 'size', subschemas: root.subschemas, limit: maxExpandedSubschemas };
  }
  return undefined;
}

/** A $ref counts as a level of its own: each one is a step deeper for every recursive reader. */
function measure(
  owner: ReferenceOwner,
  expanded: Map<string, { depth: number; subschemas: number }>,
): { depth: number; subschemas: number } {
  let { depth, subschemas } = owner;
  for (const site of owner.references) {
    const target = expanded.get(site.target) ?? { depth: 0, subschemas: 0 };
    depth = Math.max(depth, site.depth + 1 + target.depth);
    subschemas += target.subschemas;
  }
  return { depth, subschemas };
}
