import { temporalRunUrl, type UiLocation } from './links.js';

/** Where a batch lives: its progress, results, actions, and its run in the Temporal Web UI. */
export interface BatchLinks {
  self: string;
  csv: string;
  jsonl: string;
  cancel: string;
  retry: string;
  ui: string;
}

export function batchLinks(location: UiLocation, id: string): BatchLinks {
  const self = `/api/batches/${encodeURIComponent(id)}`;
  return {
    self,
    csv: `${self}/results.csv`,
    jsonl: `${self}/results.jsonl`,
    cancel: `${self}/cancel`,
    retry: `${self}/retry`,
    ui: temporalRunUrl(location, id),
  };
}

/**
 * The page's batch card. With `since` (the version the card shows), the server waits until the
 * batch has moved on before it answers, so a card asks again only when there is news.
 */
export function batchCardUrl(id: string, since?: string): string {
  const path = `/batches/${encodeURIComponent(id)}`;
  return since === undefined ? path : `${path}?${new URLSearchParams({ since }).toString()}`;
}

export const batchCardCancelUrl = (id: string) => `/batches/${encodeURIComponent(id)}/cancel`;
export const batchCardRetryUrl = (id: string) => `/batches/${encodeURIComponent(id)}/retry`;

/** The next page of recent batches, as cards. */
export const moreBatchesUrl = (pageToken: string) =>
  `/batches?${new URLSearchParams({ pageToken }).toString()}`;
