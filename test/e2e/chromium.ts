import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with its background traffic off (this network is closed). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`Chromium not found at ${EXECUTABLE}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`)
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
}
