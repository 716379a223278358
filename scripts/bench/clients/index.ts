import type { ClientMode } from '../options.js';
import type { CastClient } from './cast-client.js';
import { pageClient } from './page-client.js';
import { pollClient } from './poll-client.js';
import { waitClient } from './wait-client.js';

export type { CastClient, CastFunction, ClientContext, SeenValue } from './cast-client.js';

export const castClients: Record<ClientMode, CastClient> = {
  poll: pollClient,
  page: pageClient,
  wait: waitClient,
};
