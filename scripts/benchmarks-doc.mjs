// docs/benchmarks.md is written by several commands (pnpm bench, pnpm bench:quality), each owning
// one section between markers, so running one leaves the others' numbers in place. BENCH_DIR
// writes the page and its JSON files elsewhere (the tests' smoke run does, into a temporary folder).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const DIR = process.env.BENCH_DIR ?? new URL('../docs/', import.meta.url).pathname
const FILE = join(DIR, 'benchmarks.md')
const ORDER = ['browser', 'peers', 'quality', 'scale']

/** Replaces section `name` of docs/benchmarks.md with `markdown` (sections kept in ORDER). */
export function writeSection(name, markdown) {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : ''
  const sections = new Map()
  for (const [, key, body] of text.matchAll(/<!-- begin:(\w+) -->\n([\s\S]*?)<!-- end:\1 -->/g)) sections.set(key, body)
  sections.set(name, `${markdown.trim()}\n`)
  const body = [...sections.keys()]
    .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map((key) => `<!-- begin:${key} -->\n${sections.get(key)}<!-- end:${key} -->`)
    .join('\n\n')
  writeFileSync(FILE, `# Benchmarks\n\nNumbers from one machine and one run each: compare within a run, not across machines.\n\n${body}\n`)
}

/** Writes the raw numbers beside the page, as docs/`name`. */
export function benchJson(name, data) {
  writeFileSync(join(DIR, name), `${JSON.stringify(data, null, 2)}\n`)
}
