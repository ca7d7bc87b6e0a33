import type { Server } from 'node:http'
import type { Tailor } from '@tailorjs/core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { launchChromium } from '../../scripts/chromium.mjs'
import { serve } from '../../scripts/serve.mjs'

declare global {
  interface Window {
    tailor?: unknown[] | Tailor
  }
}

/** The built storefront, with the script-tag bundles it copied from @tailorjs/core. */
export const STOREFRONT = new URL('../../examples/storefront/dist/', import.meta.url).pathname

/** For the whole test file: `dir` served on 127.0.0.1 (`base`, with `headers` on every response) and one Chromium. */
export function useServedBrowser(dir: string, headers: Record<string, string> = {}): { base: string; browser: Browser } {
  const env = { base: '', browser: undefined as unknown as Browser }
  let server: Server | undefined
  beforeAll(async () => {
    ;({ server, url: env.base } = await serve(dir, 0, headers))
    env.browser = await launchChromium()
  })
  afterAll(async () => {
    await env.browser?.close()
    server?.close()
  })
  return env
}

/** For each test: a fresh browser context, that is a new shopper with empty storage. */
export function useFreshContext(env: { browser: Browser }): { context: BrowserContext } {
  const state = { context: undefined as unknown as BrowserContext }
  beforeEach(async () => {
    state.context = await env.browser.newContext()
  })
  afterEach(async () => {
    await state.context.close()
  })
  return state
}

/** Opens `path` in `page` and waits until Tailor has settled every slot and loaded its late capture. */
export async function visit(page: Page, base: string, path: string): Promise<void> {
  await page.goto(new URL(path, base).href)
  await page.waitForFunction(() => window.tailor !== undefined && !Array.isArray(window.tailor))
  await page.evaluate(async () => {
    await (window.tailor as Tailor).start()
    await (window.tailor as Tailor).flush()
  })
}

/** Every record in Tailor's database, read with the raw IndexedDB API. */
export const rawDump = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ kv: Record<string, unknown>; outbox: unknown[] }>((resolve, reject) => {
        const request = indexedDB.open('tailor')
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const db = request.result
          const tx = db.transaction(['kv', 'outbox'])
          const kv: Record<string, unknown> = {}
          const cursor = tx.objectStore('kv').openCursor()
          cursor.onsuccess = () => {
            if (!cursor.result) return
            kv[String(cursor.result.key)] = cursor.result.value
            cursor.result.continue()
          }
          const outbox = tx.objectStore('outbox').getAll()
          tx.oncomplete = () => {
            db.close()
            // The profile is stored as one JSON string (storage/profile-sync.ts).
            if (typeof kv.profile === 'string') kv.profile = JSON.parse(kv.profile)
            resolve({ kv, outbox: outbox.result })
          }
        }
      }),
  )
