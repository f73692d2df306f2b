/** Debian's Chromium through playwright-core (never a downloaded browser). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Under CI=true a missing Chromium is a failure; elsewhere the caller skips loudly. */
export function chromiumAvailable(): boolean {
  if (!hasChromium && process.env.CI !== 'true') console.warn(`\n*** SKIPPING browser tests: ${CHROMIUM} is not installed (CI installs it) ***\n`);
  return hasChromium || process.env.CI === 'true';
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
