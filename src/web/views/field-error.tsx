import type { InputField, InputProblem } from '../cast-input.js';

export const errorId = (field: InputField) => `${field}-error`;

/**
 * The message under a field; its id is referenced by the field's aria-describedby. A message
 * with a position already says where ("at line 1, column 15"): it is not repeated here.
 */
export function FieldError({ field, problems }: { field: InputField; problems: InputProblem[] }) {
  const problem = problems.find((p) => p.field === field);
  if (!problem) return null;
  return (
    <p id={errorId(field)} class="field-error" data-code={problem.code}>
      {problem.message}
    </p>
  );
}

/** aria attributes of a field, given its hint id and whether it has a problem. */
export function fieldAria(field: InputField, problems: InputProblem[], hintId?: string) {
  const invalid = problems.some((p) => p.field === field);
  const describedBy = [hintId, invalid ? errorId(field) : undefined].filter(Boolean).join(' ');
  return {
    'aria-invalid': invalid ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  };
}
