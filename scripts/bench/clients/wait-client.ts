import type { BenchItem } from '../items.js';
import type { CastClient, ClientContext, SeenValue } from './cast-client.js';
import { send } from './http.js';
import { followApi, submission, submitAnswer } from './poll-client.js';

/** Where POST /api/casts takes its `wait`, as its OpenAPI document says. */
export type WaitParameter = 'query' | 'body';

type Doc = {
  paths?: Record<string, Record<string, Operation | undefined> | undefined>;
  components?: Record<string, Record<string, unknown> | undefined>;
};
type Operation = {
  parameters?: { $ref?: string; name?: string; in?: string }[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject } | undefined> };
};
type SchemaObject = { $ref?: string; properties?: Record<string, unknown> };

/** Follows a local `#/components/…` reference; anything else is taken as it is. */
function resolve<T>(doc: Doc, value: T & { $ref?: string }): T {
  const ref = value.$ref;
  if (!ref?.startsWith('#/')) return value;
  let node: unknown = doc;
  for (const key of ref.slice(2).split('/')) node = (node as Record<string, unknown>)?.[key];
  return (node ?? value) as T;
}

/** Whether POST /api/casts documents a `wait` parameter, and where. */
export function waitParameter(doc: Doc): WaitParameter | undefined {
  const post = doc.paths?.['/api/casts']?.post;
  if (!post) return undefined;
  const inQuery = (post.parameters ?? [])
    .map((parameter) => resolve(doc, parameter))
    .some((parameter) => parameter.name === 'wait' && parameter.in === 'query');
  if (inQuery) return 'query';
  const schema = post.requestBody?.content?.['application/json']?.schema;
  return schema && resolve(doc, schema).properties?.wait !== undefined ? 'body' : undefined;
}

// The server's document decides, per checkout, so --compare can run a checkout that has it
// against one that has not. The bound is sent in seconds (--wait-s); a 202 is followed as the
// poll mode follows it.
async function lookUp(appUrl: string, signal: AbortSignal): Promise<WaitParameter | string> {
  try {
    const answer = await send(`${appUrl}/openapi.json`, {}, signal);
    if (answer.status !== 200) return `GET /openapi.json answered ${answer.status}`;
    return (
      waitParameter(JSON.parse(answer.text) as Doc) ??
      'not supported: POST /api/casts has no wait parameter in /openapi.json'
    );
  } catch (err) {
    return `could not read /openapi.json: ${(err as Error).message}`;
  }
}

export const waitClient: CastClient = {
  describe: (options) => `wait up to ${options.waitS} s, then poll every ${options.pollMs} ms`,
  async forApp(appUrl, signal) {
    const parameter = await lookUp(appUrl, signal);
    if (parameter !== 'query' && parameter !== 'body') return { unsupported: parameter };
    return (item, context) => castAndWait(parameter, item, context);
  },
};

async function castAndWait(
  parameter: WaitParameter,
  item: BenchItem,
  context: ClientContext,
): Promise<SeenValue> {
  const wait = context.options.waitS;
  const query = parameter === 'query' ? `?wait=${wait}` : '';
  const body = parameter === 'body' ? { ...submission(item), wait } : submission(item);
  const answer = await send(
    `${context.appUrl}/api/casts${query}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    context.signal,
  );
  const submitted = submitAnswer(answer.status, answer.text);
  if (!('follow' in submitted)) return submitted;
  return { value: await followApi(submitted.follow, context), outcome: submitted.outcome };
}
