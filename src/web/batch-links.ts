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
