import { listCasts, type CastPage } from '../client/list-casts.js';
import type { WebDeps } from './deps.js';

/** How many runs the page lists at first and adds per "More runs". */
export const recentPageSize = 20;

/** One page of this app's recent runs, newest first. */
export function loadRecentRuns(deps: WebDeps, pageToken?: string): Promise<CastPage> {
  return listCasts(deps.client, { taskQueue: deps.taskQueue, pageSize: recentPageSize, pageToken });
}
