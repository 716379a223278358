import { Layout } from './layout.js';

export interface SignInPageProps {
  /** Where to go once signed in: a path of this app. */
  next: string;
  /** Why the last attempt failed. */
  problem?: string;
}

/** The page behind the API tokens: a person signs in with one of them, once per browser. */
export function SignInPage({ next, problem }: SignInPageProps) {
  return (
    <Layout title="Sign in — typecast">
      <header class="page-head">
        <h1>typecast</h1>
        <p>Sign in with one of the tokens this server was given (TYPECAST_API_TOKENS).</p>
      </header>
      <form class="sign-in" method="post" action="/sign-in">
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="token">Access token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'token-error' : undefined}
          />
          {problem ? (
            <p id="token-error" class="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  );
}

/** The page header's way out: a form, so signing out is a POST this site alone can send. */
export function SignOutButton() {
  return (
    <form class="sign-out" method="post" action="/sign-out">
      <button type="submit" class="details">
        Sign out
      </button>
    </form>
  );
}
