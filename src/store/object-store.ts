/**
 * The few operations the claim-check store needs, so a local folder and an S3 bucket are
 * interchangeable. Keys are `/`-separated paths of plain segments; `list` is one level deep.
 */
export interface ObjectStore {
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Writes the whole object at once: a reader sees the old object or the new one. */
  put(key: string, body: string): Promise<void>;
  /** Keys directly under a prefix that ends with `/`. */
  list(prefix: string): Promise<string[]>;
  delete(keys: string[]): Promise<void>;
  /** Where the objects live, for logs and errors (never a credential). */
  readonly location: string;
}

const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Refuses keys that could leave the store's folder or prefix. */
export function checkKey(key: string, { prefix = false } = {}): string {
  const parts = (prefix ? key.replace(/\/$/, '') : key).split('/');
  if (parts.some((part) => !segment.test(part))) throw new TypeError(`Not a store key: ${key}`);
  return key;
}
