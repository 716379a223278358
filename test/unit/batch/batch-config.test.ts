import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('batch configuration', () => {
  it('defaults to 100,000 rows, 20 MB, 50 rows at once and a folder under the data dir', () => {
    expect(loadConfig({ TYPECAST_DATA_DIR: '/var/typecast' }).batch).toEqual({
      limits: { maxRows: 100_000, maxBytes: 20_000_000, maxTextChars: 20_000 },
      maxConcurrentRows: 50,
      chunkRows: 500,
      store: { kind: 'folder', dir: '/var/typecast/batches' },
    });
  });

  it('a bucket switches the store to S3, with its endpoint, region and prefix', () => {
    const { store } = loadConfig({
      BATCH_S3_BUCKET: 'rows',
      BATCH_S3_PREFIX: 'team/batches',
      BATCH_S3_ENDPOINT: 'http://127.0.0.1:9000',
      BATCH_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'eu-west-1',
    }).batch;
    expect(store).toEqual({
      kind: 's3',
      bucket: 'rows',
      prefix: 'team/batches/',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
    });
  });

  it('bad values stop start-up naming the variable', () => {
    expect(() => loadConfig({ BATCH_MAX_CONCURRENT_ROWS: '5000' })).toThrow(ConfigError);
    expect(() => loadConfig({ BATCH_MAX_CONCURRENT_ROWS: '5000' })).toThrow(
      /BATCH_MAX_CONCURRENT_ROWS="5000"/,
    );
    expect(() => loadConfig({ BATCH_S3_PREFIX: '../up' })).toThrow(/BATCH_S3_PREFIX/);
    expect(() => loadConfig({ BATCH_S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      /BATCH_S3_FORCE_PATH_STYLE/,
    );
  });
});
