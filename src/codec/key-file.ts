import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, type Config } from '../config.js';
import { KeyRingError, newKeyRingEntry, parseKeyRing, type KeyRing } from './key-ring.js';

/** Where a checkout keeps the key `npm start` made for it, beside the dev server's runs. */
export function keyFilePath(dataDir: string): string {
  return resolve(join(dataDir, 'encryption-keys'));
}

/** Which keys a process uses, and where they came from, for its start-up log line. */
export interface KeyRingChoice {
  ring?: KeyRing;
  source: 'TYPECAST_ENCRYPTION_KEYS' | 'file' | 'generated' | 'none';
  file?: string;
}

/**
 * TYPECAST_ENCRYPTION_KEYS when set; otherwise the key file `npm start` wrote in the data
 * folder, so `npm run worker`, `npm run web` and `npm run replay` in the same checkout read
 * what it wrote. Neither: payloads are stored in clear.
 */
export async function storedKeyRing(config: Config): Promise<KeyRingChoice> {
  if (config.security.keyRing)
    return { ring: config.security.keyRing, source: 'TYPECAST_ENCRYPTION_KEYS' };
  const file = keyFilePath(config.local.dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { source: 'none' };
    throw err;
  }
  try {
    return { ring: parseKeyRing(text.split('\n').join(',')), source: 'file', file };
  } catch (err) {
    if (err instanceof KeyRingError)
      throw new ConfigError(`The key file ${file} is not valid: ${err.message}`);
    throw err;
  }
}

/**
 * A first start's key: written once, readable by this user only, never overwritten (the
 * exclusive flag fails if a file appeared meanwhile). The caller has checked that no stored
 * run needs another key, so nothing already written becomes unreadable.
 */
export async function generateKeyFile(dataDir: string): Promise<KeyRingChoice> {
  const file = keyFilePath(dataDir);
  await mkdir(dataDir, { recursive: true });
  const entry = newKeyRingEntry();
  await writeFile(file, `${entry}\n`, { mode: 0o600, flag: 'wx' });
  return { ring: parseKeyRing(entry), source: 'generated', file };
}

/** The configuration with the chosen key ring in place. */
export function withKeyRing(config: Config, choice: KeyRingChoice): Config {
  return { ...config, security: { ...config.security, keyRing: choice.ring } };
}

/** One sentence for the log: which key encrypts, from where; or that nothing is encrypted. */
export function describeKeyRing(choice: KeyRingChoice): string {
  if (!choice.ring)
    return 'payloads are stored in clear: set TYPECAST_ENCRYPTION_KEYS to encrypt them';
  const newest = choice.ring.keys[0].id;
  const count = choice.ring.keys.length;
  const from =
    choice.source === 'TYPECAST_ENCRYPTION_KEYS' ? 'TYPECAST_ENCRYPTION_KEYS' : choice.file;
  return `payloads are encrypted with the key "${newest}" (${count} key${count === 1 ? '' : 's'} from ${from})`;
}
