import type { Preset } from '../../cast/presets.js';
import type { FormValues, TargetKind } from '../form-input.js';
import { FieldError, fieldAria, type FieldProblem } from './field-error.js';

export interface TargetFieldsProps {
  values: Pick<
    FormValues,
    'targetKind' | 'preset' | 'labels' | 'type' | 'schema' | 'instructions' | 'fresh'
  >;
  problems: readonly FieldProblem[];
  presets: readonly Preset[];
  /** Before every id, so two forms on the page (a cast's, a batch's) keep theirs apart. */
  idPrefix?: string;
}

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
 * What a cast is asked besides its text — the target type (a preset, a TypeScript type or a
 * JSON Schema), instructions and `fresh` — as the cast form and the batch form both ask it.
 * The field names are the same in both, so one reader (form-input.ts) reads either.
 */
export function TargetFields({ values, problems, presets, idPrefix = '' }: TargetFieldsProps) {
  const id = (name: string) => `${idPrefix}${name}`;
  const aria = (field: string, hint?: string) =>
    fieldAria(field, problems, hint ? id(hint) : undefined, idPrefix);
  const error = (field: string) => (
    <FieldError field={field} problems={problems} prefix={idPrefix} />
  );
  return (
    <>
      <fieldset class="target">
        <legend>Target type</legend>
        <div class="kinds">
          {kinds.map(({ kind, label }) => (
            <span class="kind">
              <input
                type="radio"
                id={id(`kind-${kind}`)}
                name="targetKind"
                value={kind}
                checked={values.targetKind === kind}
              />
              <label for={id(`kind-${kind}`)}>{label}</label>
            </span>
          ))}
        </div>

        <div class="target-panel target-preset">
          <div class="field">
            <label for={id('preset')}>Preset</label>
            <select id={id('preset')} name="preset" {...aria('preset')}>
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
            {error('preset')}
          </div>
          {/* Shown by the stylesheet only while a preset that takes labels is chosen. */}
          <div class="field labels-field">
            <label for={id('labels')}>Labels</label>
            <p id={id('labels-hint')} class="hint">
              Comma-separated, or one a line, e.g. Positive, Negative.
            </p>
            <input
              type="text"
              id={id('labels')}
              name="labels"
              value={values.labels}
              {...aria('labels', 'labels-hint')}
            />
            {error('labels')}
          </div>
        </div>

        <div class="target-panel target-type">
          <div class="field">
            <label for={id('type')}>TypeScript type expression</label>
            <textarea
              id={id('type')}
              name="type"
              rows={3}
              spellcheck={false}
              class="code"
              {...aria('type', 'type-hint')}
            >
              {values.type}
            </textarea>
            {error('type')}
            <div id={id('type-hint')} class="hint">
              Examples (click to use):
              <ul class="type-examples">
                {typeExamples.map((example) => (
                  <li>
                    <button type="button" class="fill" data-fill={id('type')} data-value={example}>
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
            <label for={id('schema')}>JSON Schema</label>
            <p id={id('schema-hint')} class="hint">
              e.g. <code>{'{"type": "array", "items": {"type": "integer"}}'}</code>
            </p>
            <textarea
              id={id('schema')}
              name="schema"
              rows={6}
              spellcheck={false}
              class="code"
              {...aria('schema', 'schema-hint')}
            >
              {values.schema}
            </textarea>
            {error('schema')}
          </div>
        </div>
      </fieldset>

      <div class="field">
        <label for={id('instructions')}>Instructions (optional)</label>
        <textarea id={id('instructions')} name="instructions" rows={2} {...aria('instructions')}>
          {values.instructions}
        </textarea>
        {error('instructions')}
      </div>

      <div class="field checkbox">
        <input type="checkbox" id={id('fresh')} name="fresh" value="on" checked={values.fresh} />
        <label for={id('fresh')}>Fresh: ignore the cache and ask the model again</label>
      </div>
    </>
  );
}
