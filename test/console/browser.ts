import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium (the `chromium` package, which .ci/run installs when missing), headless, with the
// flags that keep it from reaching for the network this machine does not have.
const CHROMIUM = process.env['STATEFOLD_CHROMIUM'] ?? '/usr/bin/chromium';

/** Starts headless Chromium for a console test. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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

/** Where the console tests keep their screenshots (artefacts to look at, not compared). */
export const SCREENSHOTS = new URL('../../node_modules/.cache/console-screenshots/', import.meta.url).pathname;
