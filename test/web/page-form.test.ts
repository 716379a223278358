import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { characterCount, firstCharacters } from '../../src/cast/character-count.js';
import { prepareCast } from '../../src/web/cast-input.js';
import { describeValue } from '../../src/web/views/value-view.js';
import { connectTestEnvironment } from '../support/temporal.js';
import { castIdIn, createWebHarness, postForm, postJson, type WebHarness } from './web-harness.js';

// No worker: these tests look at what the page and the API answer, not at casts finishing.
let env: TestWorkflowEnvironment;
let web: WebHarness;

beforeAll(async () => {
  env = await connectTestEnvironment();
  web = await createWebHarness(env, { maxDataChars: 50 });
});
afterAll(async () => {
  await web?.close();
  await env?.teardown();
});

const emoji = (count: number) => '😀'.repeat(count);

describe('lengths count characters as a person sees them', () => {
  it('counts an emoji as one character, in the limit and in the message', async () => {
    expect(characterCount(emoji(15_000))).toBe(15_000);
    expect(firstCharacters(`${emoji(3)}abc`, 2)).toBe(emoji(2));
    expect(describeValue(emoji(3)).note).toBe('string, 3 characters');
    const limits = { maxDataChars: 15_000, model: 'm' };
    expect(prepareCast({ data: emoji(15_000), target: { type: 'string' } }, limits).ok).toBe(true);
    const over = prepareCast({ data: emoji(15_001), target: { type: 'string' } }, limits);
    expect(over.ok ? '' : over.problems[0]!.message).toMatch(/^The data is 15,001 characters long/);

    const accepted = await postJson(web.app, '/api/casts', {
      data: emoji(50),
      target: { type: 'string' },
    });
    expect(accepted.status).toBe(202);
    const refused = await postJson(web.app, '/api/casts', {
      data: emoji(51),
      target: { type: 'string' },
    });
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DataTooLarge');
    expect(body.error.message).toContain('The data is 51 characters long; the limit is 50.');
  });
});

describe('the form', () => {
  it('comes back with a new card only when it was the form that was sent, never for an example', async () => {
    const example = { data: 'one, TWO, three', targetKind: 'type', type: 'number[]' };
    const fromExample = await (await postForm(web.app, '/casts', example, true, '')).text();
    castIdIn(fromExample);
    expect(fromExample).not.toContain('id="cast-form"');
    const fromForm = await (await postForm(web.app, '/casts', example)).text();
    expect(fromForm).toContain('id="cast-form"');
  });

  it('shows a type error right under its field, saying its position once', async () => {
    const res = await postForm(web.app, '/casts', {
      data: 'a',
      targetKind: 'type',
      type: '{\n  city: string;\n  state: 42 +\n}',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    // The message follows the textarea, before the hint with its list of examples.
    expect(html).toMatch(/<\/textarea><p id="type-error" class="field-error"/);
    expect(html.indexOf('id="type-error"')).toBeLessThan(html.indexOf('class="type-examples"'));
    const message = /<p id="type-error"[^>]*>(.*?)<\/p>/s.exec(html)![1]!;
    expect(message.match(/line \d+, column \d+/gi)).toEqual([expect.stringMatching(/^line 3,/)]);
  });

  it('says where a JSON Schema is not JSON once, as a line and column', async () => {
    const res = await postForm(web.app, '/casts', {
      data: 'a',
      targetKind: 'schema',
      schema: '{\n  "type" "number"\n}',
    });
    const html = await res.text();
    const message = /<p id="schema-error"[^>]*>(.*?)<\/p>/s.exec(html)![1]!;
    expect(message).toMatch(/not valid JSON: .+ at line 2, column 10\.$/);
    expect(message).not.toMatch(/position/);
  });

  it('marks the presets that take labels, and ignores labels left over for one that does not', async () => {
    const page = await (await web.app.request('/')).text();
    expect(page).toMatch(/<option value="choice"[^>]*data-labels="true"/);
    expect(page).not.toMatch(/<option value="number"[^>]*data-labels/);
    expect(page).toMatch(/class="field labels-field"/);

    const res = await postForm(web.app, '/casts', {
      data: 'seven',
      targetKind: 'preset',
      preset: 'number',
      labels: 'Positive, Negative',
    });
    expect(res.status).toBe(200);
    const choice = await postForm(web.app, '/casts', {
      data: 'great',
      targetKind: 'preset',
      preset: 'choice',
      labels: '',
    });
    expect(choice.status).toBe(422);
  });
});
