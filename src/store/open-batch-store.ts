import { batchStoreLocation, type BatchStoreConfig } from '../batch-config.js';
import { encryptionCodec } from '../codec/encryption-codec.js';
import type { KeyRing } from '../codec/key-ring.js';
import { createBatchStore, type BatchStore } from './batch-store.js';
import { clearObjectStore, encryptedObjectStore } from './encrypted-object-store.js';
import { createFsObjectStore } from './fs-object-store.js';
import type { ObjectStore } from './object-store.js';

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
  return config.kind === 'folder' ? createFsObjectStore(config.dir) : s3ObjectStoreOnDemand(config);
}

/**
 * The AWS SDK costs about 25 MB of memory once loaded, and most processes of a deployment
 * with a bucket never touch a batch: it is loaded by the first read or write.
 */
function s3ObjectStoreOnDemand(config: Extract<BatchStoreConfig, { kind: 's3' }>): ObjectStore {
  let opened: Promise<ObjectStore> | undefined;
  const open = () =>
    (opened ??= Promise.all([import('@aws-sdk/client-s3'), import('./s3-object-store.js')]).then(
      ([{ S3Client }, { createS3ObjectStore }]) =>
        createS3ObjectStore(
          new S3Client({
            region: config.region,
            ...(config.endpoint ? { endpoint: config.endpoint } : {}),
            forcePathStyle: config.forcePathStyle,
          }),
          { bucket: config.bucket, prefix: config.prefix },
        ),
    ));
  return {
    location: batchStoreLocation(config),
    get: async (key) => (await open()).get(key),
    put: async (key, body) => (await open()).put(key, body),
    list: async (prefix) => (await open()).list(prefix),
    delete: async (keys) => (await open()).delete(keys),
  };
}
