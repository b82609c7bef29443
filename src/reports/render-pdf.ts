/**
 * PDF through headless Chromium (playwright-core driving the Debian `chromium`), using the page's
 * print CSS. Optional: when Chromium is not installed the report is complete without it.
 */
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HeadroomError } from '../domain/errors.js';

export const chromiumPath = '/usr/bin/chromium';
/** Flags that matter for headless Chromium on this kind of machine (DESIGN.md). */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function isChromiumInstalled(executablePath = chromiumPath): Promise<boolean> {
  return access(executablePath, constants.X_OK).then(() => true, () => false);
}

/** Opens a persistent headless Chromium with a fresh profile; `close()` removes the profile. */
export async function launchChromium(executablePath = chromiumPath, options: { javaScriptEnabled?: boolean } = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'headroom-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: chromiumArgs, javaScriptEnabled: options.javaScriptEnabled ?? true });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new HeadroomError('MISSING_DEPENDENCY', `start headless Chromium ${executablePath}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, {
      hint: 'install it with `apt-get install -y --no-install-recommends chromium`', cause: err,
    });
  }
}

/** Prints `htmlFile` to `pdfFile` (A4, backgrounds on). */
export async function renderPdf(htmlFile: string, pdfFile: string, executablePath = chromiumPath): Promise<void> {
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    await page.pdf({ path: pdfFile, format: 'A4', printBackground: true });
  } finally {
    await browser.close();
  }
}
