import { describe, expect, it } from 'vitest';
import { triggerDelayMs } from '../../../scripts/bench/clients/hx-trigger.js';
import { readRunCard } from '../../../scripts/bench/clients/run-card.js';
import { waitParameter } from '../../../scripts/bench/clients/wait-client.js';
import type { CastView } from '../../../src/client/cast-view.js';
import { openApiDocument } from '../../../src/web/openapi.js';
import { RunCard } from '../../../src/web/views/run-card.js';

const location = { temporalUiUrl: 'http://127.0.0.1:8233', namespace: 'default' };

function card(view: Partial<CastView>): string {
  const full: CastView = {
    id: 'cast-1',
    runId: 'run-1',
    phase: 'casting',
    done: false,
    attempt: 1,
    model: 'bench-model',
    target: 'number[]',
    timings: { queuedAt: '2026-01-01T00:00:00.000Z' },
    ...view,
  };
  return String(RunCard({ view: full, location, now: Date.parse('2026-01-01T00:00:01Z') }));
}

describe("the page's run card, as the bench's page client reads it", () => {
  it('a running card polls its own run', () => {
    const read = readRunCard(card({}));
    expect(read?.phase).toBe('casting');
    expect(read?.poll?.path).toMatch(/^\/casts\/cast-1\?runId=run-1/);
    expect(read?.value).toBeUndefined();
    expect(triggerDelayMs(read!.poll!.trigger)).toBeGreaterThanOrEqual(0);
  });

  it('a completed card shows its value and stops polling', () => {
    const list = readRunCard(card({ phase: 'completed', done: true, result: [3, 14] }));
    expect(list).toEqual({ phase: 'completed', value: [3, 14] });
    expect(readRunCard(card({ phase: 'completed', done: true, result: 42 }))?.value).toBe(42);
    expect(readRunCard(card({ phase: 'completed', done: true, result: 'a "q" <b>' }))?.value).toBe(
      'a "q" <b>',
    );
  });

  it('a failed card stops polling without a value', () => {
    const failed = card({
      phase: 'failed',
      done: true,
      error: { type: 'CastFailed', message: 'no' },
    });
    expect(readRunCard(failed)).toEqual({ phase: 'failed' });
    expect(readRunCard('<p>no card here</p>')).toBeUndefined();
  });
});

describe('hx-trigger', () => {
  it('waits as htmx would before the next request', () => {
    expect(triggerDelayMs('every 1s')).toBe(1_000);
    expect(triggerDelayMs('every 250ms')).toBe(250);
    expect(triggerDelayMs('every 2m')).toBe(120_000);
    expect(triggerDelayMs('load')).toBe(0);
    expect(triggerDelayMs('load delay:500ms')).toBe(500);
    expect(triggerDelayMs('click, every 0.5s')).toBe(500);
  });

  it('refuses a trigger it cannot follow rather than guess', () => {
    expect(() => triggerDelayMs('click')).toThrow(/not one the bench follows/);
    expect(() => triggerDelayMs('every soon')).toThrow(/not htmx's/);
  });
});

describe('the wait parameter of POST /api/casts', () => {
  it("is found in a document's query parameters or body schema", () => {
    const post = (operation: object) => ({ paths: { '/api/casts': { post: operation } } });
    expect(waitParameter(post({ parameters: [{ name: 'wait', in: 'query' }] }))).toBe('query');
    expect(
      waitParameter({
        ...post({
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/S' } } },
          },
        }),
        components: { schemas: { S: { properties: { data: {}, wait: {} } } } },
      }),
    ).toBe('body');
    expect(waitParameter(post({ parameters: [{ name: 'wait', in: 'header' }] }))).toBeUndefined();
  });

  it("is in this app's document as a query parameter", () => {
    expect(waitParameter(openApiDocument('test') as never)).toBe('query');
  });
});
