import { Hono } from 'hono';
import { webCallDeadlineMs } from '../../temporal/fail-fast.js';
import type { WebDeps } from '../deps.js';

/**
 * 200 only when Temporal answers: the web process is of no use without it. The probe updates
 * the state the API and the page read; its own deadline holds for any client it is given.
 */
export function healthRoutes(deps: WebDeps) {
  return new Hono().get('/', async (c) => {
    const health = deps.temporalHealth;
    try {
      await deps.client.withDeadline(Date.now() + webCallDeadlineMs, () =>
        deps.client.workflowService.getSystemInfo({}),
      );
      health.recordSuccess();
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
