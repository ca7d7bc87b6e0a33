// dist/tailor-capture.min.js: capture that waits until the slots are decided (GA4 dataLayer,
// single-page-app navigation, marked clicks, searches and lists, engagement), fetched by
// tailor.min.js after its first decision.
import { startCapture } from './capture/late'

declare global {
  interface Window {
    TailorCapture?: { startCapture: typeof startCapture }
  }
}

window.TailorCapture = { startCapture }
