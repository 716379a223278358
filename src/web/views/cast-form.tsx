import { presetTarget, type Preset } from '../../cast/presets.js';
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

/** The form's status line: what went wrong with a post that started nothing. */
export const formStatusId = 'form-status';

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
      <p id={formStatusId} class="form-status" role="status">
        {problems.length > 0 ? 'Nothing was started: fix the marked fields.' : ''}
      </p>
    </form>
  );
}

/** The presets whose examples the page offers as one-click casts, in this order. */
const exampleIds = ['number-list', 'location', 'choice'];

/** One-click examples, from the presets' own: each is a small form that submits at once. */
export function Examples({ presets }: { presets: readonly Preset[] }) {
  const examples = exampleIds.flatMap((id) => {
    const preset = presets.find((p) => p.id === id);
    return preset?.example ? [{ id, ...preset.example }] : [];
  });
  return (
    <section class="examples" aria-labelledby="examples-heading">
      <h3 id="examples-heading">Try an example</h3>
      <ul>
        {examples.map(({ id, data, labels, instructions }) => (
          <li>
            <form
              method="post"
              action="/casts"
              hx-post="/casts"
              hx-target="#runs"
              hx-swap="afterbegin"
            >
              <input type="hidden" name="data" value={data} />
              <input type="hidden" name="targetKind" value="preset" />
              <input type="hidden" name="preset" value={id} />
              {labels ? <input type="hidden" name="labels" value={labels.join(', ')} /> : null}
              {instructions ? (
                <input type="hidden" name="instructions" value={instructions} />
              ) : null}
              <button type="submit">
                “{data}” → {presetTarget(id, labels).label}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
