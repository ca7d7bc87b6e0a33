// Bytes of the script-tag bundle by module: each module's code as rollup renders it into
// tailor.min.js, minified on its own and gzipped on its own. The parts add up to more than the
// whole (gzip shares a dictionary across modules), so read them as proportions.
// Usage: pnpm size:breakdown (after pnpm build)
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'

const core = new URL('../packages/core/', import.meta.url)
const require = createRequire(core)
const { rollup } = require('rollup')
const { minify } = createRequire(require.resolve('@rollup/plugin-terser'))('terser')
process.chdir(core.pathname) // the config's paths are relative to the package
const configs = (await import(new URL('rollup.config.mjs', core))).default
const scriptTag = configs.find((config) => config.output.file?.endsWith('tailor.min.js'))
const bundle = await rollup({ ...scriptTag, plugins: scriptTag.plugins.filter((plugin) => plugin.name !== 'terser'), onwarn() {} })
const [chunk] = (await bundle.generate({ format: 'es' })).output

const groups = new Map()
for (const [id, module] of Object.entries(chunk.modules)) {
  if (!module.code) continue
  const name = id.includes('/node_modules/') ? id.replace(/.*\/node_modules\/((@[^/]+\/)?[^/]+).*/, '$1') : id.replace(/.*\/src\//, '')
  // Keep every top-level declaration: alone, each module's exports look unused.
  const { code } = await minify(module.code, { toplevel: false, compress: { passes: 2, unused: false } })
  groups.set(name, (groups.get(name) ?? '') + code)
}
const rows = [...groups].map(([name, code]) => ({ name, min: code.length, gzip: gzipSync(code, { level: 9 }).length }))
rows.sort((a, b) => b.gzip - a.gzip)
const whole = gzipSync(readFileSync('dist/tailor.min.js'), { level: 9 }).length
console.log(`| module | minified B | gzip B (alone) |\n| --- | ---: | ---: |`)
for (const { name, min, gzip } of rows) console.log(`| ${name} | ${min} | ${gzip} |`)
console.log(`| **dist/tailor.min.js, whole** | ${statSync('dist/tailor.min.js').size} | ${whole} |`)
