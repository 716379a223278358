import type { Preset } from '../../cast/presets.js';
import type { CastPage } from '../../client/list-casts.js';
import type { InputProblem } from '../cast-input.js';
import type { FormValues } from '../form-input.js';
import type { UiLocation } from '../links.js';
import { CastForm, Examples } from './cast-form.js';
import { Layout } from './layout.js';
import { RecentRuns } from './recent-runs.js';
import { SignOutButton } from './sign-in-page.js';

export interface HomePageProps {
  values: FormValues;
  problems: InputProblem[];
  presets: readonly Preset[];
  maxDataChars: number;
  modelConfigured: boolean;
  location: UiLocation;
  /** The first page of recent runs. */
  recent: CastPage;
  /** Why the recent runs could not be listed, if they could not. */
  recentError?: string;
  /** The person signed in with a token: offer to sign out. */
  signedIn?: boolean;
}

export function HomePage(props: HomePageProps) {
  const { location } = props;
  return (
    <Layout title="typecast">
      <header class="page-head">
        <h1>typecast</h1>
        <p>Cast unstructured text into typed data, as a durable Temporal workflow.</p>
        <nav aria-label="Elsewhere">
          <a href="/docs">API docs</a>
          <a href={location.temporalUiUrl} target="_blank" rel="noopener noreferrer">
            Temporal UI
          </a>
          {props.signedIn ? <SignOutButton /> : null}
        </nav>
      </header>
      {props.modelConfigured ? null : (
        <p class="banner warning" role="alert">
          No model is configured, so casts will fail: set OPENAI_API_KEY (and OPENAI_BASE_URL for an
          OpenAI-compatible server) for the worker and this web process, then restart them.
        </p>
      )}
      <main>
        <section class="new-cast" aria-labelledby="new-cast-heading">
          <h2 id="new-cast-heading">New cast</h2>
          <CastForm
            values={props.values}
            problems={props.problems}
            presets={props.presets}
            maxDataChars={props.maxDataChars}
          />
          <Examples />
        </section>
        <section class="runs" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Runs</h2>
          {props.recentError ? (
            <p class="banner warning" role="alert">
              Could not list recent runs: {props.recentError}
            </p>
          ) : null}
          <div id="runs" aria-live="polite" aria-relevant="additions">
            <RecentRuns
              casts={props.recent.casts}
              nextPageToken={props.recent.nextPageToken}
              location={location}
            />
          </div>
          {/* Hidden by the stylesheet as soon as #runs holds a card, e.g. one added by htmx. */}
          {props.recentError ? null : (
            <p class="empty">No runs yet. Submit a cast or try an example.</p>
          )}
        </section>
      </main>
    </Layout>
  );
}
