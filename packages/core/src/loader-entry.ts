// dist/tailor-loader.min.js: the model downloader for the script tag, fetched by tailor.min.js
// only when a model has to be downloaded (a page with a cached model decides without it).
import { fetchManifest } from './loader/load-model'

declare global {
  interface Window {
    TailorLoader?: { fetchManifest: typeof fetchManifest }
  }
}

window.TailorLoader = { fetchManifest }
