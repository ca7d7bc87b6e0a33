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
  // The script-tag build: one classic script, everything bundled, `window.Tailor`.
  {
    input: 'src/script-tag.ts',
    plugins: [
      resolve(),
      json({ compact: true, preferConst: true }),
      typescript({ tsconfig: 'tsconfig.build.json', declaration: false, outDir: 'dist' }),
      terser({ compress: { passes: 2 } }),
    ],
    output: { file: 'dist/tailor.min.js', format: 'iife' },
  },
]
