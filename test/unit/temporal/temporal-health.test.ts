import { describe, expect, it } from 'vitest';
import { configWithLocalTemporal, type LocalTemporal } from '../../../src/local/local-temporal.js';
import { createTemporalHealth } from '../../../src/temporal/temporal-health.js';

describe('the shared Temporal health state', () => {
  it('flips on the first failure and back on the first answer, telling its listener once each', () => {
    const changes: boolean[] = [];
    const health = createTemporalHealth(
      { address: '127.0.0.1:7233', setting: 'TEMPORAL_ADDRESS' },
      { onChange: (state) => changes.push(state.reachable), now: () => new Date(0) },
    );
    expect(health.reachable()).toBe(true);
    health.recordSuccess();
    health.recordFailure('UNAVAILABLE: connection refused');
    health.recordFailure('UNAVAILABLE: connection refused');
    expect(health.reachable()).toBe(false);
    expect(health.state()).toMatchObject({
      lastFailure: 'UNAVAILABLE: connection refused',
      lastFailureAt: '1970-01-01T00:00:00.000Z',
    });
    health.recordSuccess();
    health.recordSuccess();
    expect(health.reachable()).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('names the address and the setting that chose it', () => {
    const remote = createTemporalHealth({ address: 'temporal:7233', setting: 'TEMPORAL_ADDRESS' });
    expect(remote.unreachableMessage()).toMatch(/temporal:7233.*TEMPORAL_ADDRESS/);
    expect(remote.unreachableMessage()).not.toContain('TEMPORAL_DEV_PORT');
    const local = createTemporalHealth({ address: '127.0.0.1:7234', setting: 'TEMPORAL_DEV_PORT' });
    expect(local.unreachableMessage()).toMatch(/127\.0\.0\.1:7234.*TEMPORAL_DEV_PORT.*npm start/);
  });
});

describe('the configuration with a local dev server', () => {
  const temporal: LocalTemporal = {
    name: 'the Temporal dev server',
    address: '127.0.0.1:7234',
    uiUrl: 'http://localhost:8234',
    dbFile: '/tmp/temporal.db',
    died: new Promise(() => undefined),
    stop: async () => undefined,
  };

  it('points at the dev server and names TEMPORAL_DEV_PORT as the setting in use', () => {
    const config = configWithLocalTemporal({}, temporal);
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7234',
      addressSetting: 'TEMPORAL_DEV_PORT',
      uiUrl: 'http://localhost:8234',
    });
  });

  it('keeps a Temporal UI address the person set', () => {
    const config = configWithLocalTemporal({ TEMPORAL_UI_URL: 'http://ui.example:8080' }, temporal);
    expect(config.temporal.uiUrl).toBe('http://ui.example:8080');
  });
});
