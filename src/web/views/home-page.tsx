import type { Preset } from '../../cast/presets.js';
import type { CastPage } from '../../client/list-casts.js';
import { localModelNote } from '../../local-model/model-id.js';
import type { InputProblem } from '../cast-input.js';
import type { FormValues } from '../form-input.js';
import type { UiLocation } from '../links.js';
import { BatchSections, type BatchSectionsProps } from './batch-sections.js';
import { CastForm, Examples } from './cast-form.js';
import { Layout } from './layout.js';
import { RecentRuns } from './recent-runs.js';
import { SignOutButton } from './sign-in-page.js';

export interface HomePageProps {
  values: FormValues;
  problems: InputProblem[];
  presets: readonly Preset[];
  maxDataChars: number;
  modelLabel: string;
  localModel: boolean;
  location: UiLocation;
  /** The first page of recent runs. */
  recent: CastPage;
  /** Why the recent runs could not be listed, if they could not. */
  recentError?: string;
  /** The batch form and the recent batches, when the app has a batch store. */
  batches?: BatchSectionsProps;
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
        <p class="model">
          Model: <strong>{props.modelLabel}</strong>
        </p>
        <nav aria-label="Elsewhere">
          {props.batches ? <a href="#new-batch">Batches</a> : null}
          <a href="/docs">API docs</a>
          <a href={location.temporalUiUrl} target="_blank" rel="noopener noreferrer">
            Temporal UI
          </a>
          {props.signedIn ? <SignOutButton /> : null}
        </nav>
      </header>
      {props.localModel ? (
        <p class="banner note" role="note">
          {localModelNote}
        </p>
      ) : null}
      <main>
        <section class="new-cast" aria-labelledby="new-cast-heading">
          <h2 id="new-cast-heading">New cast</h2>
          <CastForm
            values={props.values}
            problems={props.problems}
            presets={props.presets}
            maxDataChars={props.maxDataChars}
          />
          <Examples presets={props.presets} />
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
        {props.batches ? (
          <BatchSections batches={props.batches} presets={props.presets} location={location} />
        ) : null}
      </main>
    </Layout>
  );
}
