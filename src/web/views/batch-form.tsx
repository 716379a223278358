import type { BatchLimits } from '../../batch/input/index.js';
import { formatSize } from '../../batch/input/index.js';
import type { Preset } from '../../cast/presets.js';
import type { BatchFormProblem, BatchFormValues, SourceCheck } from '../batch-form-input.js';
import { FieldError, fieldAria } from './field-error.js';
import { TargetFields } from './target-fields.js';

export const batchFormId = 'batch-form';
export const batchFormStatusId = 'batch-form-status';
/** The part of the form that says what the rows are; the server checks it on every change. */
export const batchSourceId = 'batch-source';
const prefix = 'batch-';

const formatLabels = {
  csv: 'CSV',
  jsonl: 'JSONL',
  text: 'plain text',
} as const;

const count = (n: number) => n.toLocaleString('en');

export interface BatchSourceProps {
  values: BatchFormValues;
  check: SourceCheck;
  /** Problems of a submission; a live check carries its own. */
  problems: readonly BatchFormProblem[];
}

/**
 * Where the rows come from: a file or pasted rows, their format and the column to cast. Any
 * change here posts the form to /batches/source, which reads the rows with the same reader as
 * a submission and answers with this part again: the columns to choose from, how many rows
 * there are, or what is wrong, next to its field. The file input is preserved across swaps
 * (a browser cannot put a chosen file back), so its message sits just below it.
 */
export function BatchSource({ values, check, problems }: BatchSourceProps) {
  const all = check.state === 'problem' ? [...problems, check.problem] : problems;
  const columns =
    check.state === 'ok'
      ? check.table.format === 'text' || check.table.column === undefined
        ? []
        : check.table.columns
      : check.state === 'choose'
        ? check.columns
        : (check.state === 'problem' && check.columns) || [];
  const chosen = check.state === 'ok' ? (check.table.column ?? '') : values.column;
  return (
    <div
      id={batchSourceId}
      class="batch-source"
      hx-post="/batches/source"
      hx-trigger="change"
      hx-target="this"
      hx-swap="outerHTML"
      hx-sync="this:replace"
    >
      <div class="field">
        <label for={`${prefix}file`}>File</label>
        <p id={`${prefix}file-hint`} class="hint">
          CSV with a header row, JSONL (one JSON object or string a line) or plain text (one row a
          line), in UTF-8.
        </p>
        <input
          type="file"
          id={`${prefix}file`}
          name="file"
          accept=".csv,.jsonl,.ndjson,.txt,text/csv,text/plain,application/x-ndjson"
          hx-preserve="true"
          aria-describedby={`${prefix}file-hint ${prefix}file-error`}
        />
        <FieldError field="file" problems={all} prefix={prefix} />
      </div>

      <div class="field">
        <label for={`${prefix}rows`}>Or paste the rows</label>
        <textarea
          id={`${prefix}rows`}
          name="rows"
          rows={4}
          {...fieldAria('rows', all, `${prefix}rows-hint`, prefix)}
        >
          {values.rows}
        </textarea>
        <p id={`${prefix}rows-hint`} class="hint">
          One row a line, or CSV or JSONL if you choose that format below.
        </p>
        <FieldError field="rows" problems={all} prefix={prefix} />
      </div>

      <div class="field">
        <label for={`${prefix}format`}>Format</label>
        <select
          id={`${prefix}format`}
          name="format"
          {...fieldAria('format', all, undefined, prefix)}
        >
          <option value="" selected={values.format === ''}>
            From the file name (.csv, .jsonl, .txt); pasted rows: plain text
          </option>
          {(['csv', 'jsonl', 'text'] as const).map((format) => (
            <option value={format} selected={values.format === format}>
              {format === 'text' ? 'Plain text' : formatLabels[format]}
            </option>
          ))}
        </select>
        <FieldError field="format" problems={all} prefix={prefix} />
      </div>

      {columns.length > 0 ? (
        <div class="field">
          <label for={`${prefix}column`}>Column to cast</label>
          <p id={`${prefix}column-hint`} class="hint">
            The other columns are carried through to the results.
          </p>
          <select
            id={`${prefix}column`}
            name="column"
            {...fieldAria('column', all, `${prefix}column-hint`, prefix)}
          >
            <option value="" selected={chosen === ''}>
              Choose a column…
            </option>
            {columns.map((column) => (
              <option value={column} selected={column === chosen}>
                {column}
              </option>
            ))}
          </select>
          <FieldError field="column" problems={all} prefix={prefix} />
        </div>
      ) : (
        <>
          {/* A column typed before the file was read is kept for the next check. */}
          {values.column ? <input type="hidden" name="column" value={values.column} /> : null}
          <FieldError field="column" problems={all} prefix={prefix} />
        </>
      )}

      {check.state === 'ok' ? (
        <p class="source-summary" role="status">
          {formatLabels[check.table.format]}, {count(check.table.rows.length)} row
          {check.table.rows.length === 1 ? '' : 's'}
          {check.table.column !== undefined ? `; casting “${check.table.column}”` : ''}.
        </p>
      ) : null}
    </div>
  );
}

export interface BatchFormProps {
  values: BatchFormValues;
  check: SourceCheck;
  problems: readonly BatchFormProblem[];
  presets: readonly Preset[];
  limits: BatchLimits;
  /** Rendered next to a new batch card to replace the form (and clear its messages). */
  outOfBand?: boolean;
}

/**
 * The batch form: the rows (BatchSource), then what every row is cast to, exactly as the cast
 * form asks it. It posts a multipart body to /batches: with htmx the new batch card goes on
 * top of the batches, a refused form comes back with each message next to its field, and
 * nothing is started.
 */
export function BatchForm({ values, check, problems, presets, limits, outOfBand }: BatchFormProps) {
  return (
    <form
      id={batchFormId}
      class="batch-form"
      method="post"
      action="/batches"
      enctype="multipart/form-data"
      hx-post="/batches"
      hx-encoding="multipart/form-data"
      hx-target="#batches"
      hx-swap="afterbegin"
      hx-swap-oob={outOfBand ? 'true' : undefined}
      hx-disabled-elt="find button[type=submit]"
      // The rows' check inside has its own target and nothing to disable.
      hx-disinherit="hx-disabled-elt hx-target hx-swap hx-swap-oob"
    >
      <p class="hint limits">
        One batch: up to {count(limits.maxRows)} rows and {formatSize(limits.maxBytes)}; each row up
        to {count(limits.maxTextChars)} characters. Every row is cast as a single cast is, with the
        same cache.
      </p>
      <BatchSource values={values} check={check} problems={problems} />
      <TargetFields values={values} problems={problems} presets={presets} idPrefix={prefix} />
      <div class="actions">
        <button type="submit">Start batch</button>
        <span class="htmx-indicator">Uploading…</span>
      </div>
      <p id={batchFormStatusId} class="form-status" role="status">
        {problems.length > 0 ? 'Nothing was started: fix the marked fields.' : ''}
      </p>
    </form>
  );
}
