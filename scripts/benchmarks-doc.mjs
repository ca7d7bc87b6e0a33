// docs/benchmarks.md is written by several commands (pnpm bench, pnpm bench:quality), each owning
// one section between markers, so running one leaves the others' numbers in place.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const FILE = new URL('../docs/benchmarks.md', import.meta.url)
const ORDER = ['browser', 'quality', 'scale']

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
