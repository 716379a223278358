import { DomUtils, parseDocument } from 'htmlparser2';

/** What a browser gets from a run card fragment: its phase, how it polls, and its value. */
export interface RunCard {
  phase: string;
  /** The card's own next request while it is running; absent once it is done. */
  poll?: { path: string; trigger: string };
  /** The value it shows, once completed. */
  value?: unknown;
}

type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;

const hasClass = (element: Element, name: string) =>
  (element.attribs.class ?? '').split(/\s+/).includes(name);

/** The first run card in a fragment (the submit answer also carries the form), if any. */
export function readRunCard(html: string): RunCard | undefined {
  const document = parseDocument(html);
  const card = DomUtils.findOne(
    (element) => element.name === 'article' && hasClass(element, 'run-card'),
    document.children,
  );
  if (!card) return undefined;
  const path = card.attribs['hx-get'];
  const trigger = card.attribs['hx-trigger'];
  return {
    phase: card.attribs['data-phase'] ?? '',
    ...(path ? { poll: { path, trigger: trigger ?? '' } } : {}),
    ...valueOf(card),
  };
}

/** A number shows as <data value>, anything else as JSON in <code> inside `.value`. */
function valueOf(card: Element): { value?: unknown } {
  const result = DomUtils.findOne((element) => hasClass(element, 'result'), card.children);
  if (!result) return {};
  const data = DomUtils.findOne((element) => element.name === 'data', result.children);
  if (data) return { value: Number(data.attribs.value) };
  const shown = DomUtils.findOne((element) => hasClass(element, 'value'), result.children);
  if (!shown) return {};
  return { value: JSON.parse(DomUtils.textContent(shown)) as unknown };
}
