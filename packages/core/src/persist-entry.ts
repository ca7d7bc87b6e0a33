// dist/tailor-persist.min.js: the IndexedDB store and the profile's sync across tabs, fetched by
// tailor.min.js right after its first decision (which reads the localStorage snapshot instead).
import * as persist from './storage/persist'

declare global {
  interface Window {
    TailorPersist?: typeof persist
  }
}

window.TailorPersist = persist
