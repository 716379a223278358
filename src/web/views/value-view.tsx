import { characterCount } from '../../cast/character-count.js';

/** What kind of JSON value a result is, in words a person reads next to it. */
export function describeValue(value: unknown): { kind: string; note: string } {
  if (value === null) return { kind: 'null', note: 'null' };
  if (Array.isArray(value))
    return { kind: 'array', note: `array of ${value.length} item${value.length === 1 ? '' : 's'}` };
  switch (typeof value) {
    case 'number':
      return { kind: 'number', note: Number.isInteger(value) ? 'number (integer)' : 'number' };
    case 'string':
      return { kind: 'string', note: `string, ${characterCount(value)} characters` };
    case 'boolean':
      return { kind: 'boolean', note: 'boolean' };
    case 'object': {
      const count = Object.keys(value as object).length;
      return { kind: 'object', note: `object with ${count} field${count === 1 ? '' : 's'}` };
    }
    default:
      return { kind: 'unknown', note: typeof value };
  }
}

/**
 * The typed result: scalars as themselves (strings quoted, so "42" and 42 differ), objects and
 * arrays as formatted JSON. Everything goes through the escaping renderer.
 */
export function ValueView({ value }: { value: unknown }) {
  const { kind, note } = describeValue(value);
  const json = JSON.stringify(value, null, 2) ?? 'undefined';
  const copyText = typeof value === 'string' ? value : json;
  const scalar = kind !== 'array' && kind !== 'object';
  return (
    <div class={`result value-${kind}`}>
      <p class="result-type">
        Result <span class="type-note">({note})</span>
      </p>
      {scalar ? (
        <p class="value">
          {kind === 'number' ? (
            <data value={String(value)}>{String(value)}</data>
          ) : (
            <code>{json}</code>
          )}
        </p>
      ) : (
        <pre class="value">
          <code>{json}</code>
        </pre>
      )}
      <button type="button" class="copy" data-copy={copyText}>
        Copy {kind === 'string' ? 'text' : 'JSON'}
      </button>
    </div>
  );
}
