/**
 * Debian's Chromium driven by playwright-core, as the browser tests and benches use it: headless, with the
 * flags that keep it off the network (this machine's is closed; without them it keeps trying).
 */
import { existsSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';

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
