/** Where a cast lives: in this app's API and page, and in the Temporal Web UI. */
export interface CastLinks {
  self: string;
  cancel: string;
  ui: string;
}

export interface UiLocation {
  temporalUiUrl: string;
  namespace: string;
}

/**
 * The query parameter naming one run of a cast. A workflow id can have several runs (a failed
 * cast runs again under the same id), so a link that should keep showing one run carries it.
 */
const runIdParam = 'runId';

const withRun = (path: string, runId?: string) =>
  runId ? `${path}?${runIdParam}=${encodeURIComponent(runId)}` : path;

/** The run in the Temporal UI; without a run id, the UI shows the latest run. */
export function temporalRunUrl(
  { temporalUiUrl, namespace }: UiLocation,
  id: string,
  runId?: string,
): string {
  const workflow = `${temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(id)}`;
  return runId ? `${workflow}/${encodeURIComponent(runId)}` : workflow;
}

export function castLinks(location: UiLocation, id: string, runId?: string): CastLinks {
  const path = `/api/casts/${encodeURIComponent(id)}`;
  return {
    self: withRun(path, runId),
    cancel: withRun(`${path}/cancel`, runId),
    ui: temporalRunUrl(location, id, runId),
  };
}

/** The run card fragment's URL; the start outcome rides along so the card keeps its mark. */
export function cardUrl(
  id: string,
  { runId, outcome, since }: { runId?: string; outcome?: string; since?: string } = {},
) {
  const params = new URLSearchParams();
  if (runId) params.set(runIdParam, runId);
  if (outcome && outcome !== 'new') params.set('outcome', outcome);
  if (since !== undefined) params.set('since', since);
  const query = params.toString();
  return `/casts/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
}

/** The card's Cancel button: cancels the card's own run, never a newer one. */
export function cardCancelUrl(id: string, runId?: string): string {
  return withRun(`/casts/${encodeURIComponent(id)}/cancel`, runId);
}

/** The next page of the recent runs, as cards. */
export function moreRunsUrl(pageToken: string): string {
  return `/casts?${new URLSearchParams({ pageToken }).toString()}`;
}
