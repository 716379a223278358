/** A Content-Security-Policy header as its directives: name → the sources it allows, as written. */
export function directives(header: string | null): Map<string, string> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...sources] = part.split(/\s+/);
        return [name!, sources.join(' ')] as const;
      }),
  );
}
