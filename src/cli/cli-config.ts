import { loadConfig, type Config } from '../config.js';

/**
 * The configuration the command line works with: the server's own settings from the same
 * environment, so it reaches the Temporal server, task queue, batch store and model name the
 * app uses. Without TEMPORAL_ADDRESS that is the dev server `npm start` runs, as `npm start`
 * itself decides (TEMPORAL_DEV_PORT, TEMPORAL_DEV_UI_PORT).
 */
export function cliConfig(env: Record<string, string | undefined>): Config {
  const config = loadConfig(env);
  if (!config.local.useDevServer) return config;
  const local = loadConfig({
    ...env,
    TEMPORAL_ADDRESS: `127.0.0.1:${config.local.devPort}`,
    TEMPORAL_UI_URL: env.TEMPORAL_UI_URL ?? `http://localhost:${config.local.devUiPort}`,
  });
  return { ...local, temporal: { ...local.temporal, addressSetting: 'TEMPORAL_DEV_PORT' } };
}
