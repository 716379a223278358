import type { Child } from 'hono/jsx';

/**
 * htmx 2 settings: 4xx fragments that carry a message (422 form errors, 404/409 cards, 413)
 * are swapped in; other errors are left to static/app.js. Nothing is evaluated from markup,
 * which the Content-Security-Policy would refuse anyway.
 */
export const htmxConfig = JSON.stringify({
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '(404|409|413|422)', swap: true },
    { code: '[45]..', swap: false, error: true },
    { code: '...', swap: false },
  ],
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyRestoreAsHxRequest: false,
});

export function Layout({ title, children }: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="htmx-config" content={htmxConfig} />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>{children}</body>
    </html>
  );
}
