import { Hono } from 'hono';
import { presets } from '../../cast/presets.js';

/** The presets with their JSON Schemas, for clients that build their own picker. */
export function apiTypeRoutes() {
  return new Hono().get('/', (c) => c.json({ presets }));
}
