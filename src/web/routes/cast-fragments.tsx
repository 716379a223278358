import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { presets } from '../../cast/presets.js';
import { cancelCast } from '../../client/cancel-cast.js';
import { InvalidPageTokenError } from '../../client/list-casts.js';
import type { StartOutcome } from '../../client/start-cast.js';
import { ApiError } from '../api-errors.js';
import { castBodyLimit } from '../body-limit.js';
import { utf8Body } from '../utf8-body.js';
import { prepareCast, type InputProblem } from '../cast-input.js';
import type { WebDeps } from '../deps.js';
import { errorsInto, htmlErrors } from '../error-handlers.js';
import { formSubmission, readFormValues, type FormValues } from '../form-input.js';
import { readLabelledCast, submitLabelledCast } from '../model-label.js';
import { loadRecentRuns } from '../recent-runs.js';
import { runIdQuery } from '../run-query.js';
import { CastForm, castFormId, formStatusId } from '../views/cast-form.js';
import { RecentRuns } from '../views/recent-runs.js';
import { RunCard } from '../views/run-card.js';
import { renderHome } from './home.js';

const outcomes: StartOutcome[] = ['new', 'joined', 'cached'];

const isHtmx = (c: Context) => c.req.header('HX-Request') === 'true';

/**
 * HTML fragments for htmx: POST /casts starts a cast and answers with its run card;
 * GET /casts/:id?runId= is the card that polls its run until it is done; GET /casts?pageToken=
 * is the next page of recent runs.
 */
export function castFragmentRoutes(deps: WebDeps, submissions: MiddlewareHandler) {
  const app = new Hono();
  app.onError(htmlErrors(deps));

  app.get('/', async (c) => {
    const pageToken = c.req.query('pageToken') || undefined;
    try {
      const page = await loadRecentRuns(deps, pageToken);
      return c.html(<RecentRuns {...page} location={deps} />);
    } catch (err) {
      if (err instanceof InvalidPageTokenError)
        throw new ApiError('InvalidPageToken', 'That page of runs is gone: reload the page.');
      throw err;
    }
  });

  // The form's post adds a card to the runs; what goes wrong is said in the form's status line.
  app.post(
    '/',
    errorsInto(`#${formStatusId}`),
    submissions,
    castBodyLimit(deps.maxDataChars),
    utf8Body(),
    async (c) => {
      const values = readFormValues(await c.req.parseBody());
      const parsed = formSubmission(values);
      const prepared = parsed.ok
        ? prepareCast(parsed.submission, deps)
        : { ok: false as const, problems: [parsed.problem] };
      if (!prepared.ok) return formErrors(c, deps, values, prepared.problems);

      const { id, runId, outcome, view } = await submitLabelledCast(deps, prepared.request, {
        fresh: prepared.fresh,
      });
      deps.logger?.info({ workflowId: id, runId, outcome }, 'cast submitted (page)');
      if (!isHtmx(c)) return c.redirect('/', 303);

      // The form comes back (without its messages) only when it was the form that was sent: an
      // example posts its own fields and leaves what the person typed alone.
      const fromForm = c.req.header('HX-Trigger') === castFormId;
      return c.html(
        <>
          <RunCard view={view} outcome={outcome} location={deps} now={Date.now()} />
          {fromForm ? (
            <CastForm
              values={values}
              problems={[]}
              presets={presets}
              maxDataChars={deps.maxDataChars}
              outOfBand
            />
          ) : null}
        </>,
      );
    },
  );

  app.get('/:id', async (c) => {
    const outcome = outcomes.find((o) => o === c.req.query('outcome'));
    const view = await readLabelledCast(deps, c.req.param('id'), runIdQuery(c));
    return c.html(
      <RunCard view={view} outcome={outcome} location={deps} now={Date.now()} />,
      view.phase === 'not-found' ? 404 : 200,
    );
  });

  app.post('/:id/cancel', async (c) => {
    const id = c.req.param('id');
    const ref = { runId: runIdQuery(c), taskQueue: deps.taskQueue };
    const cancelled = await cancelCast(deps.client, id, ref);
    deps.logger?.info(
      { workflowId: id, runId: ref.runId, outcome: cancelled },
      'cancel requested (page)',
    );
    if (!isHtmx(c)) return c.redirect('/', 303);
    const view = await readLabelledCast(deps, id, ref.runId);
    return c.html(
      <RunCard view={view} location={deps} now={Date.now()} />,
      view.phase === 'not-found' ? 404 : 200,
    );
  });

  return app;
}

/** The form again, with each message next to its field; htmx swaps it over the form. */
function formErrors(c: Context, deps: WebDeps, values: FormValues, problems: InputProblem[]) {
  if (!isHtmx(c)) return renderHome(c, deps, { values, problems, status: 422 });
  c.header('HX-Retarget', `#${castFormId}`);
  c.header('HX-Reswap', 'outerHTML');
  return c.html(
    <CastForm
      values={values}
      problems={problems}
      presets={presets}
      maxDataChars={deps.maxDataChars}
    />,
    422,
  );
}
