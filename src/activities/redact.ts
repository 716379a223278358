/**
 * Shorter configured values are not treated as secrets: a local server accepts any key, and
 * blotting out every "local" or "none" in a message would garble it without hiding anything.
 */
export const minSecretLength = 8;

const redacted = '[redacted]';

/**
 * Removes credentials from text we are about to store or show: first the configured secret
 * values themselves, whatever their shape, then a bearer token, then anything that looks like
 * an OpenAI-style key. Each pass leaves only `[redacted]`, which no later pass matches.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= minSecretLength) out = out.replaceAll(secret, redacted);
  }
  return out
    .replace(/\bBearer\s+(?!\[redacted\])\S+/gi, `Bearer ${redacted}`)
    .replace(/\b(sk|rk|pk)-[A-Za-z0-9_*.-]{3,}/g, redacted);
}
