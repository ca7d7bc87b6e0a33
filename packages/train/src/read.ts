import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

/** One record of an input file and the (1-based) line it starts on. */
export interface Record {
  line: number
  /** A CSV row keyed by its header, or one JSONL value; `null` when the line could not be parsed. */
  value: { [column: string]: unknown } | null
  /** Why `value` is null. */
  error?: string
}

/** Lines of a file, gunzipped when it ends in `.gz`, streamed: memory does not grow with the file. */
function lines(path: string): AsyncIterable<string> {
  const file = createReadStream(path)
  const input: Readable = path.endsWith('.gz') ? file.pipe(createGunzip()) : file
  file.on('error', (error) => input.destroy(error))
  return createInterface({ input, crlfDelay: Infinity })
}

const quotes = (text: string) => {
  let n = 0
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++
  return n
}

/** The fields of one CSV record (RFC 4180: quoted fields may hold commas, doubled quotes and newlines). */
export function csvFields(record: string): string[] {
  if (!record.includes('"')) return record.split(',')
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < record.length; i++) {
    const c = record[i]
    if (quoted) {
      if (c !== '"') field += c
      else if (record[i + 1] === '"') (field += '"'), i++
      else quoted = false
    } else if (c === '"') quoted = true
    else if (c === ',') fields.push(field), (field = '')
    else field += c
  }
  fields.push(field)
  return fields
}

/**
 * The records of a CSV file with a header row, which is passed to `onHeader` first (it may throw to
 * stop reading). A record whose quotes never close is reported, not read.
 */
export async function* readCsv(path: string, onHeader: (columns: string[]) => void = () => {}): AsyncGenerator<Record> {
  let header: string[] | undefined
  let pending = ''
  let start = 0
  let line = 0
  for await (const text of lines(path)) {
    line++
    // A record continues onto the next line while it has an odd number of quotes.
    pending = pending ? `${pending}\n${text}` : text
    if (!start) start = line
    if (quotes(pending) % 2) continue
    const record = pending
    const at = start
    pending = ''
    start = 0
    if (!header) {
      header = csvFields(record.replace(/^\uFEFF/, '')).map((name) => name.trim())
      onHeader(header)
      continue
    }
    if (!record) continue
    const fields = csvFields(record)
    if (fields.length !== header.length) {
      yield { line: at, value: null, error: `${fields.length} fields where the header has ${header.length}` }
      continue
    }
    const value: { [column: string]: string } = {}
    for (let i = 0; i < header.length; i++) value[header[i]!] = fields[i]!
    yield { line: at, value }
  }
  if (pending) yield { line: start, value: null, error: 'a quoted field is never closed' }
}

/** The records of a JSON Lines file: one JSON object per line; blank lines are skipped. */
export async function* readJsonl(path: string): AsyncGenerator<Record> {
  let line = 0
  for await (const text of lines(path)) {
    line++
    if (!text.trim()) continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      yield { line, value: null, error: 'not valid JSON' }
      continue
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) yield { line, value: value as { [column: string]: unknown } }
    else yield { line, value: null, error: 'not a JSON object' }
  }
}
