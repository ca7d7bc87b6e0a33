// Writes a history of the open benchmark's shape at scale: every line of
// benchmarks/online-retail/online-retail.csv.gz repeated REPLICAS times (19 by default: 10,296,271
// lines), each replica with its own customers and invoices and its customers' dates shifted by up
// to ±3 days (seeded, so the file is the same on every run).
//   node scripts/make-scale-history.mjs OUT.csv.gz [REPLICAS]
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import { readCsv } from '../packages/train/dist/index.js'

const [out, replicas = '19'] = process.argv.slice(2)
if (!out) throw new Error('usage: node scripts/make-scale-history.mjs OUT.csv.gz [REPLICAS]')
const source = new URL('../benchmarks/online-retail/online-retail.csv.gz', import.meta.url).pathname
const DAY = 86_400_000

/** A day shift in [-3, 3] for a customer in a replica: a hash, so it needs no state. */
function shift(customer, replica) {
  let h = 2166136261 ^ replica
  for (let i = 0; i < customer.length; i++) h = Math.imul(h ^ customer.charCodeAt(i), 16777619)
  return ((h >>> 0) % 7) - 3
}

const gzip = createGzip({ level: 1 })
const file = gzip.pipe(createWriteStream(out))
const write = async (text) => {
  if (!gzip.write(text)) await once(gzip, 'drain')
}
await write('invoice,customer,time,product,quantity,price,category\n')
let lines = 0
for (let replica = 0; replica < Number(replicas); replica++) {
  let batch = ''
  for await (const { value } of readCsv(source)) {
    const { invoice, customer, time, product, quantity, price, category } = value
    const days = customer ? shift(customer, replica) : 0
    const moved = new Date(Date.parse(`${time.replace(' ', 'T')}Z`) + days * DAY).toISOString().slice(0, 19).replace('T', ' ')
    batch += `${invoice}-${replica},${customer ? `${customer}-${replica}` : ''},${moved},${product},${quantity},${price},${category}\n`
    lines++
    if (batch.length > 1 << 20) {
      await write(batch)
      batch = ''
    }
  }
  await write(batch)
  console.error(`replica ${replica + 1}/${replicas}: ${lines.toLocaleString('en-US')} lines`)
}
gzip.end()
await once(file, 'finish')
console.log(`${out}: ${lines.toLocaleString('en-US')} lines`)
