import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { csvFields, readCsv, readJsonl, type Record } from '../src/read'
import { tempFile } from './helpers'

async function all(records: AsyncIterable<Record>): Promise<Record[]> {
  const out: Record[] = []
  for await (const record of records) out.push(record)
  return out
}

describe('csvFields', () => {
  it('reads quoted fields with commas, doubled quotes and empty fields', () => {
    expect(csvFields('a,"b, c","say ""hi""",,d')).toEqual(['a', 'b, c', 'say "hi"', '', 'd'])
  })
})

describe('readCsv', () => {
  it('keys each record by the header, across quoted newlines, CRLF and a BOM, with the line it starts on', async () => {
    const path = tempFile('x.csv', '\uFEFFid,text\r\n1,"two\r\nlines"\r\n2,plain\r\n')
    const header: string[][] = []
    expect(await all(readCsv(path, (columns) => header.push(columns)))).toEqual([
      { line: 2, value: { id: '1', text: 'two\nlines' } },
      { line: 4, value: { id: '2', text: 'plain' } },
    ])
    expect(header).toEqual([['id', 'text']])
  })

  it('reports a record with the wrong number of fields, and a quote never closed, by line', async () => {
    const path = tempFile('x.csv', 'a,b\n1,2,3\n4,5\n6,"open\n7,8\n')
    expect(await all(readCsv(path))).toEqual([
      { line: 2, value: null, error: '3 fields where the header has 2' },
      { line: 3, value: { a: '4', b: '5' } },
      { line: 4, value: null, error: 'a quoted field is never closed' },
    ])
  })

  it('gunzips a .gz file as it streams', async () => {
    const path = tempFile('x.csv.gz', gzipSync('a,b\n1,2\n'))
    expect(await all(readCsv(path))).toEqual([{ line: 2, value: { a: '1', b: '2' } }])
  })

  it('lets the header check stop the read', async () => {
    const path = tempFile('x.csv', 'a,b\n1,2\n')
    await expect(all(readCsv(path, () => { throw new Error('wrong mapping') }))).rejects.toThrow('wrong mapping')
  })
})

describe('readJsonl', () => {
  it('reads one object per line, skips blank lines and reports the rest by line', async () => {
    const path = tempFile('x.jsonl', '{"a":1}\n\nnot json\n[1]\n{"a":2}\n')
    expect(await all(readJsonl(path))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: null, error: 'not valid JSON' },
      { line: 4, value: null, error: 'not a JSON object' },
      { line: 5, value: { a: 2 } },
    ])
  })
})
