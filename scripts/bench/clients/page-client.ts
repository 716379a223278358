import { BenchFailure } from '../failures.js';
import { benchPreset, type BenchItem } from '../items.js';
import type { CastClient, ClientContext, SeenValue } from './cast-client.js';
import { triggerDelayMs } from './hx-trigger.js';
import { pause, send, type Answer } from './http.js';
import { readRunCard, type RunCard } from './run-card.js';

/** The form's id: the page's submit names it in HX-Trigger, as htmx does. */
const castFormId = 'cast-form';

/** The fields the page's form sends for a preset target. */
function formBody(item: BenchItem): URLSearchParams {
  return new URLSearchParams({
    data: item.text,
    targetKind: 'preset',
    preset: benchPreset,
    labels: '',
    type: '',
    schema: '',
    instructions: '',
  });
}

/** The headers htmx adds to every request it makes. */
const htmxHeaders = (appUrl: string, extra: Record<string, string> = {}) => ({
  'HX-Request': 'true',
  'HX-Current-URL': `${appUrl}/`,
  ...extra,
});

function cardFrom(answer: Answer, what: string): RunCard {
  const card = readRunCard(answer.text);
  if (!card) throw new BenchFailure('page', `${what} answered ${answer.status} without a run card`);
  return card;
}

/**
 * A browser on the page: submits the form as htmx does, then does what the card says — its
 * hx-get after its hx-trigger — until a card shows the value or stops polling. As in htmx, an
 * error answer leaves the card (and its polling) as it was, and 286 stops the polling.
 */
async function followCard(card: RunCard, { appUrl, reads, signal }: ClientContext) {
  for (;;) {
    if (card.phase === 'completed') {
      if (card.value === undefined)
        throw new BenchFailure('page', 'a completed card shows no value');
      return card.value;
    }
    if (!card.poll) throw new BenchFailure(`cast ${card.phase}`, 'the card stopped polling');
    await pause(triggerDelayMs(card.poll.trigger), signal);
    const answer = await send(
      `${appUrl}${card.poll.path}`,
      { headers: htmxHeaders(appUrl) },
      signal,
    );
    const swapped = answer.status === 200 || answer.status === 404;
    reads.record(answer, answer.status === 200);
    if (answer.status === 286)
      throw new BenchFailure('page', 'the server stopped the polling (286)');
    if (swapped) card = cardFrom(answer, `GET ${card.poll.path}`);
  }
}

export const pageClient: CastClient = {
  describe: () => 'the page: htmx card fragments',
  forApp: async () => castOnPage,
};

async function castOnPage(item: BenchItem, context: ClientContext): Promise<SeenValue> {
  const answer = await send(
    `${context.appUrl}/casts`,
    {
      method: 'POST',
      headers: htmxHeaders(context.appUrl, { 'HX-Trigger': castFormId }),
      body: formBody(item),
    },
    context.signal,
  );
  if (answer.status !== 200)
    throw new BenchFailure(
      'submit',
      `POST /casts answered ${answer.status}: ${answer.text.slice(0, 300)}`,
    );
  return { value: await followCard(cardFrom(answer, 'POST /casts'), context) };
}
