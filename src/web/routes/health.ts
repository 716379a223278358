import { Hono } from 'hono';
import type { WebDeps } from '../deps.js';

/**
 * 200 only when Temporal answers: the web process is of no use without it. The probe goes
 * through the same fail-fast client as every other call and so updates the shared state.
 */
export function healthRoutes(deps: WebDeps) {
  return new Hono().get('/', async (c) => {
    const health = deps.temporalHealth;
    try {
      await deps.client.workflowService.getSystemInfo({});
      return c.json({ status: 'ok' as const, temporal: 'ok' as const });
    } catch (err) {
      health.recordFailure(String(err));
      const { lastSuccessAt, lastFailureAt } = health.state();
      return c.json(
        {
          status: 'unavailable' as const,
          temporal: 'unavailable' as const,
          message: health.unreachableMessage(),
          ...(lastSuccessAt ? { lastSuccessAt } : {}),
          ...(lastFailureAt ? { lastFailureAt } : {}),
        },
        503,
      );
    }
  });
}
