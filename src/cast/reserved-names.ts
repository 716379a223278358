import { childPointer } from './schema-shape.js';

/**
 * Names that mean something to every JavaScript object: a value keyed by them can replace an
 * object's prototype or shadow its constructor wherever it is merged, so no target may use them.
 */
export const reservedNames: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * The first property named by a reserved name — in `properties`, in `required`, or `__proto__`
 * as any key at all — with its JSON pointer. Iterative: safe on any parsed JSON.
 */
export function reservedNameProblem(
  schema: unknown,
): { pointer: string; name: string } | undefined {
  const pending: { value: unknown; pointer: string; key?: string }[] = [
    { value: schema, pointer: '' },
  ];
  while (pending.length > 0) {
    const { value, pointer, key } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item, i) => [String(i), item])
      : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
    for (const [childKey, child] of entries) {
      const at = childPointer(pointer, childKey);
      const named =
        childKey === '__proto__' ||
        (key === 'properties' && reservedNames.includes(childKey)) ||
        (key === 'required' && typeof child === 'string' && reservedNames.includes(child));
      if (named) return { pointer: at, name: key === 'required' ? String(child) : childKey };
      pending.push({ value: child, pointer: at, key: childKey });
    }
  }
  return undefined;
}
