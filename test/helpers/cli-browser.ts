/**
 * Headless Chromium (the Debian `chromium` package) driven by playwright-core, for the
 * report's browser tests. Every launch gets a fresh profile directory and the flags that
 * keep Chromium off the network.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

if (!HAVE_CHROMIUM) {
  const bar = "!".repeat(78);
  console.error(
    `\n${bar}\n!! SKIPPING the report's browser tests: ${CHROMIUM_PATH} is not installed.\n` +
      `!! Install it with: apt-get install -y chromium\n${bar}\n`,
  );
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "logcrest-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
