import resolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import json from '@rollup/plugin-json'
import typescript from '@rollup/plugin-typescript'

export default [
  // npm entries: ESM + .d.ts; dependencies stay imports so the app's bundler dedupes them.
  {
    input: { index: 'src/index.ts', engine: 'src/engine.ts', schema: 'src/schema.ts' },
    external: [/^zod(\/|$)/, /^idb(\/|$)/],
    plugins: [
      json({ compact: true, preferConst: true }),
      typescript({ tsconfig: 'tsconfig.build.json', declaration: true, declarationDir: 'dist', outDir: 'dist' }),
    ],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/engine-[hash].js' },
  },
  // The script-tag build: classic scripts, dependencies bundled. tailor.min.js sets `window.Tailor`,
  // decides the slots from the localStorage snapshot, then loads tailor-persist.min.js (IndexedDB),
  // loads tailor-loader.min.js (the model downloader) only when a model must be downloaded, and
  // tailor-capture.min.js (dataLayer, navigation, clicks, search, lists, engagement, slot
  // impressions) after it, and tailor-insights.min.js (explanations, report, debug overlay) only when asked for.
  // The scripts every page runs at once start with V8's compile hint: Chromium then compiles all
  // their functions while it downloads them, off the main thread, instead of each one on the main
  // thread at its first call, which made the start's tasks 2× longer in a new renderer process
  // (docs/reliability.md, P1). Other engines read it as a comment.
  ...[
    ['src/script-tag.ts', 'dist/tailor.min.js', true],
    ['src/loader-entry.ts', 'dist/tailor-loader.min.js', false],
    ['src/capture-entry.ts', 'dist/tailor-capture.min.js', true],
    ['src/insights-entry.ts', 'dist/tailor-insights.min.js', false],
    ['src/persist-entry.ts', 'dist/tailor-persist.min.js', true],
  ].map(([input, file, onLoad]) => ({
    input,
    plugins: [
      resolve(),
      json({ compact: true, preferConst: true }),
      typescript({ tsconfig: 'tsconfig.build.json', declaration: false, outDir: 'dist' }),
      terser({ compress: { passes: 2 }, format: { preamble: onLoad ? '//# allFunctionsCalledOnLoad' : undefined } }),
    ],
    output: { file, format: 'iife' },
  })),
]
