// Debian's Chromium for the end-to-end tests and the benchmarks: never a test tool's own browser.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Chromium, headless, with its background traffic off (this network is closed). `bfcache: true`
 * keeps the back/forward cache on, which Playwright turns off by default.
 * @param {{ bfcache?: boolean }} [options]
 */
export async function launchChromium({ bfcache = false } = {}) {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`Chromium not found at ${EXECUTABLE}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`)
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    ...(bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  })
}
