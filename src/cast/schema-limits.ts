/**
 * How big a target schema may be. Every check that reads a schema from outside runs against
 * these before anything recursive (ajv, zod, canonicalize, our own walkers) sees it, so no
 * schema can overflow the stack or make a walk explode. One owner: import, never repeat.
 */

/**
 * Schema levels (a property, an array's items, an anyOf branch…), counted through every $ref:
 * the validator and our walkers recurse once per level. Type expressions share the limit.
 */
export const maxSchemaDepth = 32;

/**
 * Nesting of the schema's JSON (objects and arrays, including enum, const and examples values),
 * checked with an explicit stack before the first recursive reader.
 */
export const maxSchemaJsonDepth = 100;

/** Length of the schema's JSON text; far above any real target, far below a heavy prompt. */
export const maxSchemaChars = 100_000;

/**
 * Subschemas once every $ref is written out in place: reuse through $defs is welcome, but
 * references to references may not multiply a small schema into a huge one.
 */
export const maxExpandedSubschemas = 20_000;

/**
 * A stack guard for walkers that take a step per $ref hop and per anyOf branch as well as per
 * level; a checked schema never reaches it.
 */
export const schemaWalkDepthGuard = 2 * maxSchemaDepth;
