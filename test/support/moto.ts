import { spawn } from 'node:child_process';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../src/local/free-port.js';
import { findTool, missingToolMessage } from '../../src/local/tool-path.js';
import { stopProcess } from './worker-process.js';

/** moto's S3 server: MOTO_SERVER, then the set-up's `.tools/bin/moto_server`, then PATH. */
export function motoServerPath(): string {
  const path = findTool('moto_server');
  if (!path) throw new Error(missingToolMessage('moto_server'));
  return path;
}

export interface Moto {
  endpoint: string;
  /** Settings that point the app's batch store at a bucket of this server. */
  env(bucket: string): Record<string, string>;
  client(): S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const motoCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A real S3 protocol server on loopback (PyPI's moto[server]), stopped by `stop`. */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(motoServerPath(), ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`cannot run ${motoServerPath()} (npm run setup -- test): ${err.message}`)),
    ),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await Promise.race([
      fetch(`${endpoint}/`).then(
        (res) => res.status < 500,
        () => false,
      ),
      spawnError,
    ]);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child, 'SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const client = () =>
    new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: motoCredentials,
    });
  return {
    endpoint,
    env: (bucket) => ({
      BATCH_S3_BUCKET: bucket,
      BATCH_S3_ENDPOINT: endpoint,
      BATCH_S3_FORCE_PATH_STYLE: 'true',
      BATCH_S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey,
    }),
    client,
    async createBucket(name) {
      const s3 = client();
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      s3.destroy();
    },
    stop: () => stopProcess(child, 'SIGTERM'),
  };
}
