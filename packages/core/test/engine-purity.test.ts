import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import ts from 'typescript'
import { expect, it } from 'vitest'

// The engine runs in Node (the trainer), workers and browsers: it may not reach for the page,
// storage or the network. Checked on the built files, which is what users import.
const FORBIDDEN = new Set([
  'window', 'document', 'navigator', 'location', 'history', 'self',
  'indexedDB', 'IDBKeyRange', 'localStorage', 'sessionStorage', 'caches',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'addEventListener',
  'HTMLElement', 'Element', 'Node', 'MutationObserver', 'requestAnimationFrame',
])

const dist = join(import.meta.dirname, '..', 'dist')

/** The built engine entry and every local chunk it imports, transitively. */
function engineFiles(): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)) visit(join(dirname(file), spec!))
  }
  visit(join(dist, 'engine.js'))
  return [...seen]
}

/**
 * Identifiers used as variables: not member names (`a.document`, `{ window: 1 }`), not in comments
 * or strings. Parsed, not merely scanned: a scanner alone loses track inside template literals.
 */
function freeIdentifiers(source: string): Set<string> {
  const file = ts.createSourceFile('built.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const names = new Set<string>()
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node)) {
      const { parent } = node
      const member = (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === node
      if (!member) names.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return names
}

it('the built engine references no DOM, storage or network global', () => {
  expect(existsSync(join(dist, 'engine.js')), 'build @tailorjs/core first: pnpm build').toBe(true)
  const files = engineFiles()
  expect(files.length).toBeGreaterThan(1) // the entry and its shared chunk
  const used = files.flatMap((file) => [...freeIdentifiers(readFileSync(file, 'utf8'))].filter((name) => FORBIDDEN.has(name)))
  expect(used).toEqual([])
})

it('no built file of @tailorjs/core imports TF.js or React: those load only through plug-ins and bindings', () => {
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'))
  expect(files.length).toBeGreaterThan(3)
  const offenders = files.filter((file) => /@tensorflow\/|from\s*['"]react|require\(['"]react/.test(readFileSync(join(dist, file), 'utf8')))
  expect(offenders).toEqual([])
})

it('the scan would catch a reference', () => {
  expect([...freeIdentifiers('const a = indexedDB.open(x); // window\nfoo.document')].filter((n) => FORBIDDEN.has(n))).toEqual(['indexedDB'])
  // Template literals and `case 'history':` strings neither hide nor fake a reference.
  const source = "const s = `${a}/*`; switch (k) { case 'history': break }\n/** `self` */ location.reload(); ({ window: 1 })"
  expect([...freeIdentifiers(source)].filter((n) => FORBIDDEN.has(n))).toEqual(['location'])
})
