import type { Preset } from '../../cast/presets.js';
import type { InputProblem } from '../cast-input.js';
import type { FormValues } from '../form-input.js';
import { FieldError, fieldAria } from './field-error.js';
import { TargetFields } from './target-fields.js';

export interface CastFormProps {
  values: FormValues;
  problems: InputProblem[];
  presets: readonly Preset[];
  maxDataChars: number;
  /** Rendered next to a new run card to replace the form (and clear its messages). */
  outOfBand?: boolean;
}

/** The form's id: htmx names it in HX-Trigger, which tells the form from an example. */
export const castFormId = 'cast-form';

/**
 * The cast form. It posts to /casts with or without htmx: with htmx the new run card goes on
 * top of the runs list, and a 422 re-renders this form with the messages next to the fields.
 */
export function CastForm({ values, problems, presets, maxDataChars, outOfBand }: CastFormProps) {
  return (
    <form
      id={castFormId}
      class="cast-form"
      method="post"
      action="/casts"
      hx-post="/casts"
      hx-target="#runs"
      hx-swap="afterbegin"
      hx-swap-oob={outOfBand ? 'true' : undefined}
      hx-disabled-elt="find button[type=submit]"
    >
      <div class="field">
        <label for="data">Data</label>
        <p id="data-hint" class="hint">
          Plain text or JSON, up to {maxDataChars.toLocaleString('en')} characters.
        </p>
        <textarea
          id="data"
          name="data"
          rows={5}
          aria-required="true"
          {...fieldAria('data', problems, 'data-hint')}
        >
          {values.data}
        </textarea>
        <FieldError field="data" problems={problems} />
      </div>

      <TargetFields values={values} problems={problems} presets={presets} />

      <div class="actions">
        <button type="submit">Cast</button>
        <span class="htmx-indicator">Starting…</span>
      </div>
      <p id="form-status" class="form-status" role="status">
        {problems.length > 0 ? 'Nothing was started: fix the marked fields.' : ''}
      </p>
    </form>
  );
}

interface Example {
  label: string;
  fields: Record<string, string>;
}

const examples: Example[] = [
  {
    label: '“one, TWO, three” → number[]',
    fields: { data: 'one, TWO, three', targetKind: 'type', type: 'number[]' },
  },
  {
    label: '“I live in the big apple” → Location',
    fields: { data: 'I live in the big apple', targetKind: 'preset', preset: 'location' },
  },
  {
    label: '“This feature is terrible!” → Positive | Negative',
    fields: {
      data: 'This feature is terrible!',
      targetKind: 'preset',
      preset: 'choice',
      labels: 'Positive, Negative',
    },
  },
];

/** One-click examples: each is a small form that submits at once. */
export function Examples() {
  return (
    <section class="examples" aria-labelledby="examples-heading">
      <h3 id="examples-heading">Try an example</h3>
      <ul>
        {examples.map((example) => (
          <li>
            <form
              method="post"
              action="/casts"
              hx-post="/casts"
              hx-target="#runs"
              hx-swap="afterbegin"
            >
              {Object.entries(example.fields).map(([name, value]) => (
                <input type="hidden" name={name} value={value} />
              ))}
              <button type="submit">{example.label}</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
