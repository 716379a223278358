import { S3Client } from '@aws-sdk/client-s3';
import type { BatchStoreConfig } from '../batch-config.js';
import { encryptionCodec } from '../codec/encryption-codec.js';
import type { KeyRing } from '../codec/key-ring.js';
import { createBatchStore, type BatchStore } from './batch-store.js';
import { clearObjectStore, encryptedObjectStore } from './encrypted-object-store.js';
import { createFsObjectStore } from './fs-object-store.js';
import type { ObjectStore } from './object-store.js';
import { createS3ObjectStore } from './s3-object-store.js';

/**
 * The batch store the configuration names, its objects encrypted with the key ring when there
 * is one (as every payload is). S3 credentials come from the AWS SDK's own chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance or pod role), so no secret
 * passes through this app's configuration.
 */
export function openBatchStore(config: BatchStoreConfig, keyRing: KeyRing | undefined): BatchStore {
  const objects = objectStore(config);
  return createBatchStore(
    keyRing ? encryptedObjectStore(objects, encryptionCodec(keyRing)) : clearObjectStore(objects),
  );
}

function objectStore(config: BatchStoreConfig): ObjectStore {
  if (config.kind === 'folder') return createFsObjectStore(config.dir);
  const s3 = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
  });
  return createS3ObjectStore(s3, { bucket: config.bucket, prefix: config.prefix });
}
