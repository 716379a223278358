import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from 'pino';
import type { TemporalHealth } from '../temporal/temporal-health.js';
import type { CastActivityOptions } from '../workflows/messages.js';
import type { Access } from './access/api-tokens.js';

/** Everything the web app needs, passed in by the entry point (or a test). */
export interface WebDeps {
  client: Client;
  /** Task queue new casts are started on. */
  taskQueue: string;
  activity: CastActivityOptions;
  /** Model name sent with every cast; part of the cache key. */
  model: string;
  /** False when this process has no API key: the page warns that casts will fail. */
  modelConfigured: boolean;
  temporalUiUrl: string;
  namespace: string;
  maxDataChars: number;
  /** Host header names the app answers to (`*`: any); loopback names when omitted. */
  allowedHosts?: readonly string[];
  /** The process's one view of its Temporal connection; see temporal-health.ts. */
  temporalHealth: TemporalHealth;
  logger?: Logger;
  /** Tokens guarding the API, the page and the codec endpoint; all open when omitted. */
  access?: Access;
  /** Submissions per caller (token, or address without tokens) per minute; 0 or omitted: no limit. */
  submitRatePerMinute?: number;
  /** The codec endpoint: the app's payload codecs and the origins allowed to call it. */
  codec?: { codecs: readonly PayloadCodec[]; origins: readonly string[] };
}
