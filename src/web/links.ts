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

export function temporalRunUrl({ temporalUiUrl, namespace }: UiLocation, id: string): string {
  return `${temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(id)}`;
}

export function castLinks(location: UiLocation, id: string): CastLinks {
  const self = `/api/casts/${encodeURIComponent(id)}`;
  return { self, cancel: `${self}/cancel`, ui: temporalRunUrl(location, id) };
}

/** The run card fragment's URL; the start outcome rides along so the card keeps its mark. */
export function cardUrl(id: string, outcome?: string): string {
  const path = `/casts/${encodeURIComponent(id)}`;
  return outcome && outcome !== 'new' ? `${path}?outcome=${outcome}` : path;
}
