/**
 * Debian's Chromium driven by playwright-core, as the browser tests and benches use it: headless, with the
 * flags that keep it off the network (this machine's is closed; without them it keeps trying).
 */
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/** A browser on a throwaway profile folder (Chromium's --user-data-dir, which playwright requires for it). */
export async function launchChromium(profile: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: [
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

/**
 * What a page did wrong while a test drove it: console errors, uncaught exceptions, and requests to anywhere
 * but `origin` (a report or viewer must work offline and never reach out).
 */
export function watchPage(tab: Page, origin: string): { errors: string[]; requests: string[] } {
  const errors: string[] = [];
  const requests: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  tab.on('pageerror', (error) => errors.push(String(error)));
  tab.on('request', (request) => {
    if (!request.url().startsWith(origin)) requests.push(request.url());
  });
  return { errors, requests };
}
