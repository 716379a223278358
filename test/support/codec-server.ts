import { Hono } from 'hono';
import { createAccess } from '../../src/web/access/api-tokens.js';
import { codecPath, codecRoutes } from '../../src/web/routes/codec.js';
import { testDataConverter } from './encryption.js';
import { serveOnLoopback } from './serve-app.js';

export interface CodecServer {
  /** What `--codec-endpoint` and the UI take: the CLI appends /encode and /decode. */
  endpoint: string;
  /** The bearer token it accepts, for `--codec-auth "Bearer …"`. */
  token: string;
  close(): Promise<void>;
}

/**
 * The web app's codec endpoint alone, on a loopback port, with the suite's keys and one token:
 * what the CLI decodes casts through in tests.
 */
export async function startCodecServer(
  token = 'codec-test-token-0123456789',
): Promise<CodecServer> {
  const app = new Hono().route(
    codecPath,
    codecRoutes({
      codecs: testDataConverter.payloadCodecs ?? [],
      namespace: 'default',
      origins: [],
      access: createAccess([token]),
    }),
  );
  const served = await serveOnLoopback(app);
  return { endpoint: `${served.url}${codecPath}`, token, close: served.close };
}
