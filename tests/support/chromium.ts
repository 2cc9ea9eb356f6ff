/**
 * Debian's Chromium (`apt-get install chromium`) driven by playwright-core, for the tests that load
 * pages in a real browser. Never a downloaded browser: playwright-core is given the system binary.
 * Tests call `hasChromium` first and skip when it is absent; CI installs it, so there it is required.
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (ORTHOTIC_CHROMIUM overrides it). */
export const CHROMIUM_PATH = process.env.ORTHOTIC_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the system Chromium is installed. */
export function hasChromium(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Launches the system Chromium headless, with WebGL on SwiftShader (the CPU renderer Chromium
 * ships): the same pixels on any machine, no GPU needed.
 * @throws Error when Chromium is missing or does not start.
 */
export async function launchChromium(): Promise<Browser> {
  if (!hasChromium()) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox'],
  });
}
