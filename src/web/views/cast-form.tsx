import { presetTarget, type Preset } from '../../cast/presets.js';
import type { InputProblem } from '../cast-input.js';
import type { FormValues, TargetKind } from '../form-input.js';
import { FieldError, fieldAria } from './field-error.js';

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

const typeExamples = [
  'number[]',
  '"low" | "medium" | "high"',
  "{ /** The city's proper name */ city: string; /** 2-letter code */ state: string }",
  '{ name: string; age?: number }[]',
];

const kinds: { kind: TargetKind; label: string }[] = [
  { kind: 'preset', label: 'Preset' },
  { kind: 'type', label: 'TypeScript type' },
  { kind: 'schema', label: 'JSON Schema' },
];

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

      <fieldset class="target">
        <legend>Target type</legend>
        <div class="kinds">
          {kinds.map(({ kind, label }) => (
            <span class="kind">
              <input
                type="radio"
                id={`kind-${kind}`}
                name="targetKind"
                value={kind}
                checked={values.targetKind === kind}
              />
              <label for={`kind-${kind}`}>{label}</label>
            </span>
          ))}
        </div>

        <div class="target-panel target-preset">
          <div class="field">
            <label for="preset">Preset</label>
            <select id="preset" name="preset" {...fieldAria('preset', problems)}>
              {presets.map((preset) => (
                <option
                  value={preset.id}
                  selected={values.preset === preset.id}
                  data-labels={preset.needsLabels ? 'true' : undefined}
                >
                  {preset.label} — {preset.description}
                </option>
              ))}
            </select>
            <FieldError field="preset" problems={problems} />
          </div>
          {/* Shown by the stylesheet only while a preset that takes labels is chosen. */}
          <div class="field labels-field">
            <label for="labels">Labels</label>
            <p id="labels-hint" class="hint">
              Comma-separated, or one a line, e.g. Positive, Negative.
            </p>
            <input
              type="text"
              id="labels"
              name="labels"
              value={values.labels}
              {...fieldAria('labels', problems, 'labels-hint')}
            />
            <FieldError field="labels" problems={problems} />
          </div>
        </div>

        <div class="target-panel target-type">
          <div class="field">
            <label for="type">TypeScript type expression</label>
            <textarea
              id="type"
              name="type"
              rows={3}
              spellcheck={false}
              class="code"
              {...fieldAria('type', problems, 'type-hint')}
            >
              {values.type}
            </textarea>
            <FieldError field="type" problems={problems} />
            <div id="type-hint" class="hint">
              Examples (click to use):
              <ul class="type-examples">
                {typeExamples.map((example) => (
                  <li>
                    <button type="button" class="fill" data-fill="type" data-value={example}>
                      <code>{example}</code>
                    </button>
                  </li>
                ))}
              </ul>
              JSDoc on a property (<code>/** … */</code>) is passed to the model as its description.
            </div>
          </div>
        </div>

        <div class="target-panel target-schema">
          <div class="field">
            <label for="schema">JSON Schema</label>
            <p id="schema-hint" class="hint">
              e.g. <code>{'{"type": "array", "items": {"type": "integer"}}'}</code>
            </p>
            <textarea
              id="schema"
              name="schema"
              rows={6}
              spellcheck={false}
              class="code"
              {...fieldAria('schema', problems, 'schema-hint')}
            >
              {values.schema}
            </textarea>
            <FieldError field="schema" problems={problems} />
          </div>
        </div>
      </fieldset>

      <div class="field">
        <label for="instructions">Instructions (optional)</label>
        <textarea
          id="instructions"
          name="instructions"
          rows={2}
          {...fieldAria('instructions', problems)}
        >
          {values.instructions}
        </textarea>
        <FieldError field="instructions" problems={problems} />
      </div>

      <div class="field checkbox">
        <input type="checkbox" id="fresh" name="fresh" value="on" checked={values.fresh} />
        <label for="fresh">Fresh: ignore the cache and ask the model again</label>
      </div>

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
