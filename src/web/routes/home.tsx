import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { presets } from '../../cast/presets.js';
import type { CastPage } from '../../client/list-casts.js';
import { isTemporalUnavailable } from '../api-errors.js';
import type { InputProblem } from '../cast-input.js';
import type { WebDeps } from '../deps.js';
import { htmlErrors } from '../error-handlers.js';
import { emptyForm, type FormValues } from '../form-input.js';
import { loadBatchSections, type BatchFormState } from '../recent-batches.js';
import { loadRecentRuns } from '../recent-runs.js';
import { HomePage } from '../views/home-page.js';

/** The page: the form, the examples and the recent runs, newest first. */
export async function renderHome(
  c: Context,
  deps: WebDeps,
  {
    values = emptyForm,
    problems = [],
    status = 200,
    batchForm,
  }: {
    values?: FormValues;
    problems?: InputProblem[];
    status?: ContentfulStatusCode;
    batchForm?: BatchFormState;
  } = {},
) {
  let recent: CastPage = { casts: [] };
  let recentError: string | undefined;
  try {
    recent = await loadRecentRuns(deps);
  } catch (err) {
    // The page still loads, saying why its list is empty.
    if (isTemporalUnavailable(err)) {
      deps.temporalHealth.recordFailure(String(err));
      recentError = deps.temporalHealth.unreachableMessage();
    } else {
      deps.logger?.warn({ err }, 'listing recent casts failed');
      recentError = 'the Temporal server did not answer. Reload the page to try again.';
    }
  }
  const batches = await loadBatchSections(deps, batchForm);
  const page = (
    <HomePage
      values={values}
      problems={problems}
      presets={presets}
      maxDataChars={deps.maxDataChars}
      modelLabel={deps.modelLabel}
      localModel={deps.localModel}
      location={deps}
      recent={recent}
      recentError={recentError}
      batches={batches}
      signedIn={Boolean(c.get('principal'))}
    />
  );
  return c.html(html`<!DOCTYPE html>${page}`, status);
}

export function homeRoutes(deps: WebDeps) {
  return new Hono().onError(htmlErrors(deps)).get('/', (c) => renderHome(c, deps));
}
