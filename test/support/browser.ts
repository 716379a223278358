import { chromium, type Browser } from 'playwright-core';
import { findTool, missingToolMessage } from '../../src/local/tool-path.js';

/**
 * Debian's Chromium driven by playwright-core: no browser download, no network. Playwright
 * gives each launch a new empty profile of its own.
 */
export function launchBrowser(): Promise<Browser> {
  const executablePath = findTool('chromium');
  if (!executablePath) throw new Error(missingToolMessage('chromium'));
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
