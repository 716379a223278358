/**
 * Remembers the last `size` promises by key: for objects that never change once written
 * (manifests, rows), so hundreds of row activities on one worker read a chunk once. A
 * rejected promise is forgotten, so the next call tries again.
 */
export function memoCache<V>(size: number) {
  const entries = new Map<string, Promise<V>>();
  return {
    get(key: string, load: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const loading = load();
      entries.set(key, loading);
      loading.catch(() => entries.delete(key));
      if (entries.size > size) entries.delete(entries.keys().next().value!);
      return loading;
    },
    forget(key: string): void {
      entries.delete(key);
    },
  };
}
