import { Hono } from 'hono';
import type { WebDeps } from '../deps.js';

const healthTimeoutMs = 2_000;

/** 200 only when Temporal answers: the web process is of no use without it. */
export function healthRoutes(deps: WebDeps) {
  return new Hono().get('/', async (c) => {
    try {
      await deps.client.withDeadline(Date.now() + healthTimeoutMs, () =>
        deps.client.workflowService.getSystemInfo({}),
      );
      return c.json({ status: 'ok' as const, temporal: 'ok' as const });
    } catch (err) {
      deps.logger?.warn({ err }, 'health check: Temporal does not answer');
      return c.json(
        {
          status: 'unavailable' as const,
          temporal: 'unavailable' as const,
          message: `Temporal did not answer within ${healthTimeoutMs / 1000} s.`,
        },
        503,
      );
    }
  });
}
