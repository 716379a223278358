import type { PayloadCodec, Payload } from '@temporalio/common';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Access } from '../access/api-tokens.js';
import { requireApiAccess } from '../access/require-access.js';
import { ApiError } from '../api-errors.js';

/** Where the app serves Temporal's remote codec protocol; the UI and the CLI append /decode. */
export const codecPath = '/codec';

/** The codec endpoint of a web app on this machine, as the dev server's UI reaches it. */
export const localCodecEndpoint = (port: number) => `http://localhost:${port}${codecPath}`;

export interface CodecDeps {
  /** The app's codecs, in encoding order; none when payloads are stored in clear. */
  codecs: readonly PayloadCodec[];
  namespace: string;
  /** Origins whose pages may call this with a person's credentials: the Temporal UI's. */
  origins: readonly string[];
  access: Access;
  logger?: Logger;
}

// Protobuf's JSON form of temporal.api.common.v1.Payloads: bytes are base64, and an empty list
// is left out (the CLI encodes a query without arguments as `{}`).
const base64 = z.base64();
const payloadsBody = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), base64).optional(),
        data: base64.optional(),
      }),
    )
    .max(10_000)
    .default([]),
});
type PayloadJson = z.infer<typeof payloadsBody>['payloads'][number];

/**
 * Temporal's remote codec protocol (POST …/encode and …/decode with `{ payloads: [...] }`), so
 * the Temporal UI and `temporal … --codec-endpoint` show casts to those allowed: the same
 * tokens and sessions as the API, and CORS for the UI's origin only. Preflights are answered
 * before credentials are asked for, as browsers send none with them.
 */
export function codecRoutes(deps: CodecDeps) {
  const app = new Hono();
  app.use(
    cors({
      origin: [...deps.origins],
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
      credentials: true,
      maxAge: 600,
    }),
  );
  if (deps.access.enabled) app.use(requireApiAccess(deps.access));
  app.use(
    bodyLimit({
      maxSize: 16 * 1024 * 1024,
      onError: () => {
        throw new ApiError('BodyTooLarge', 'At most 16 MiB of payloads per request.');
      },
    }),
  );

  // JSON clients all: errors answer in the API's shape.
  app.onError((err, c) => {
    const error =
      err instanceof ApiError
        ? err
        : new ApiError('Internal', 'The codec failed; the error has been logged.');
    if (!(err instanceof ApiError)) deps.logger?.error({ err }, 'codec endpoint failed');
    return c.json(error.toBody(), error.status);
  });

  app.post('/encode', async (c) => {
    const payloads = await readPayloads(c);
    if (!ownNamespace(c, deps.namespace))
      throw new ApiError(
        'InvalidCodecRequest',
        `This codec encodes for the namespace "${deps.namespace}" only.`,
        { namespace: c.req.header('X-Namespace') },
      );
    let encoded = payloads;
    for (const codec of deps.codecs) encoded = await codec.encode(encoded);
    return c.json({ payloads: encoded.map(toJson) });
  });

  app.post('/decode', async (c) => {
    const payloads = await readPayloads(c);
    // Another namespace's payloads are not ours to decode: they go back as they came.
    if (!ownNamespace(c, deps.namespace)) return c.json({ payloads: payloads.map(toJson) });
    const decoded = await Promise.all(payloads.map((payload) => decodeOne(deps, payload)));
    return c.json({ payloads: decoded.map(toJson) });
  });

  return app;
}

/**
 * One payload at a time, so one that cannot be decrypted (a key no longer held, altered bytes)
 * is shown as it is stored, and the rest of the page still reads.
 */
async function decodeOne(deps: CodecDeps, payload: Payload): Promise<Payload> {
  let decoded = [payload];
  try {
    for (const codec of [...deps.codecs].reverse()) decoded = await codec.decode(decoded);
    return decoded[0]!;
  } catch (err) {
    deps.logger?.warn(
      { reason: (err as Error).message },
      'codec endpoint: a payload did not decode',
    );
    return payload;
  }
}

const ownNamespace = (c: Context, namespace: string) => {
  const asked = c.req.header('X-Namespace');
  return !asked || asked === namespace;
};

async function readPayloads(c: Context): Promise<Payload[]> {
  if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? ''))
    throw new ApiError(
      'InvalidCodecRequest',
      'Send the payloads as JSON (Content-Type: application/json).',
    );
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError('InvalidCodecRequest', 'The body is not valid JSON.');
  }
  const parsed = payloadsBody.safeParse(body);
  if (!parsed.success)
    throw new ApiError(
      'InvalidCodecRequest',
      'Send {"payloads": [{"metadata": {…}, "data": "…"}]} with base64 bytes, as Temporal’s codec protocol does.',
      { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
    );
  return parsed.data.payloads.map(fromJson);
}

function fromJson({ metadata, data }: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(data ?? '', 'base64'),
  };
}

function toJson({ metadata, data }: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value ?? []).toString('base64'),
      ]),
    ),
    data: Buffer.from(data ?? []).toString('base64'),
  };
}
