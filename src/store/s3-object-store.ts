import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { checkKey, type ObjectStore } from './object-store.js';

export interface S3Location {
  bucket: string;
  /** Key prefix inside the bucket, e.g. `typecast/`; empty for the bucket's root. */
  prefix: string;
}

/** S3's limit for one DeleteObjects request. */
const maxDeleteKeys = 1000;

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …). A PUT is atomic in S3, and
 * reads after a write see it (S3 is strongly consistent since 2020).
 */
export function createS3ObjectStore(s3: S3Client, { bucket, prefix }: S3Location): ObjectStore {
  const keyOf = (key: string) => `${prefix}${checkKey(key)}`;
  return {
    location: `s3://${bucket}/${prefix}`,
    async get(key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey')
          return undefined;
        throw err;
      }
    },
    async put(key, body) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keyOf(key),
          Body: body,
          ContentType: key.endsWith('.json') ? 'application/json' : 'application/x-ndjson',
        }),
      );
    },
    async list(listPrefix) {
      checkKey(listPrefix, { prefix: true });
      const keys: string[] = [];
      let token: string | undefined;
      // Bounded: a listing has at most one page per thousand keys of one chunk.
      for (let page = 0; page < 10_000; page++) {
        const answer = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: `${prefix}${listPrefix}`,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        );
        for (const object of answer.Contents ?? []) {
          if (object.Key) keys.push(object.Key.slice(prefix.length));
        }
        token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
        if (!token) break;
      }
      return keys;
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += maxDeleteKeys) {
        const batch = keys.slice(i, i + maxDeleteKeys);
        const answer = await s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((key) => ({ Key: keyOf(key) })), Quiet: true },
          }),
        );
        const failed = answer.Errors?.[0];
        if (failed) {
          throw new Error(`S3 could not delete ${failed.Key}: ${failed.Code} ${failed.Message}`);
        }
      }
    },
  };
}
