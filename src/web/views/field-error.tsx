/** What a message next to a field needs: the field it belongs to, a code and a sentence. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A field's error id; `prefix` tells apart the fields of two forms on one page. */
export const errorId = (field: string, prefix = '') => `${prefix}${field}-error`;

/**
 * The message under a field; its id is referenced by the field's aria-describedby. A message
 * with a position already says where ("at line 1, column 15"): it is not repeated here.
 */
export function FieldError({
  field,
  problems,
  prefix,
}: {
  field: string;
  problems: readonly FieldProblem[];
  prefix?: string;
}) {
  const problem = problems.find((p) => p.field === field);
  if (!problem) return null;
  return (
    <p id={errorId(field, prefix)} class="field-error" data-code={problem.code}>
      {problem.message}
    </p>
  );
}

/** aria attributes of a field, given its hint id and whether it has a problem. */
export function fieldAria(
  field: string,
  problems: readonly FieldProblem[],
  hintId?: string,
  prefix?: string,
) {
  const invalid = problems.some((p) => p.field === field);
  const describedBy = [hintId, invalid ? errorId(field, prefix) : undefined]
    .filter(Boolean)
    .join(' ');
  return {
    'aria-invalid': invalid ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  };
}
