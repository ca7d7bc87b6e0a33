import { describe, expect, it } from 'vitest'
import { ingest, MappingError, parseTime } from '../src/ingest'
import { tempFile } from './helpers'

const columns = { customer: 'CustomerID', time: 'InvoiceDate', item: 'StockCode', order: 'InvoiceNo', quantity: 'Quantity', price: 'UnitPrice' }
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID'

describe('ingest', () => {
  it('makes one purchase event per order, sorted by time, and counts every skipped line by reason with its line number', async () => {
    const file = tempFile(
      'orders.csv',
      [
        HEADER,
        '2,B1,"LAMP, BRASS",1,2011-01-02 10:00:00,5.5,17',
        '2,B2,SHADE,1,2011-01-02 09:59:00,4,17',
        '1,A1,RUG,2,2011-01-01 09:00:00,3,17',
        '1,A2,MUG,1,2011-01-01 09:00:00,1.25,17',
        'C3,A1,RUG,-2,2011-01-03 09:00:00,3,17',
        '4,POST,POSTAGE,1,2011-01-03 09:00:00,18,17',
        '5,A1,RUG,1,2011-01-03 09:00:00,3,',
        '6,A1,RUG,-1,2011-01-03 09:00:00,3,18',
        '7,A1,RUG,1,yesterday,3,18',
        '8,A1,RUG,1.5,2011-01-03 09:00:00,3,18',
        '9,A1,RUG,1,2011-01-03 09:00:00,-3,18',
        '10,A1,RUG,1,2011-01-04 09:00:00,3',
      ].join('\n'),
    )
    const { customers, report } = await ingest({ file, columns, exclude: { orderPrefixes: ['C'], items: ['POST'] } })
    expect(report).toMatchObject({ lines: 12, accepted: 4, events: 2, customers: 1, from: '2011-01-01T09:00:00.000Z', to: '2011-01-02T10:00:00.000Z' })
    expect(report.skipped).toEqual({
      'cancelled order': { count: 1, lines: [6] },
      'excluded item': { count: 1, lines: [7] },
      'no customer': { count: 1, lines: [8] },
      return: { count: 1, lines: [9] },
      'bad time': { count: 1, lines: [10] },
      'bad quantity': { count: 1, lines: [11] },
      'bad price': { count: 1, lines: [12] },
      unreadable: { count: 1, lines: [13] },
    })
    expect(customers.get('17')).toEqual([
      { id: '1', type: 'purchase', ts: Date.UTC(2011, 0, 1, 9), items: [{ item_id: 'A1', quantity: 2, price: 3 }, { item_id: 'A2', quantity: 1, price: 1.25 }] },
      // An order is as old as its earliest line, whatever the lines' order in the file.
      { id: '0', type: 'purchase', ts: Date.UTC(2011, 0, 2, 9, 59), items: [{ item_id: 'B1', quantity: 1, price: 5.5 }, { item_id: 'B2', quantity: 1, price: 4 }] },
    ])
  })

  it('names the columns a mapping lacks, and the ones the file has', async () => {
    const file = tempFile('orders.csv', `${HEADER}\n`)
    const wrong = { ...columns, customer: 'Customer ID', price: 'Price' }
    const error = await ingest({ file, columns: wrong }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MappingError)
    expect((error as Error).message).toContain('no column for customer → "Customer ID", price → "Price"; the file has: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID')
  })

  it('reads JSON Lines events of several types, one event per line without an order column', async () => {
    const file = tempFile(
      'events.jsonl',
      [
        { user: 'u1', at: '2024-05-01T10:00:00Z', sku: 'S1', kind: 'view_item', cat: 'lamps' },
        { user: 'u1', at: 1714557600, sku: 'S1', kind: 'add_to_cart', cat: 'lamps' },
        { user: 'u1', at: 1714557600000, sku: 'S2', kind: 'Add To Cart' },
      ].map((line) => JSON.stringify(line)).join('\n'),
    )
    const { customers, report } = await ingest({ file, columns: { customer: 'user', time: 'at', item: 'sku', event: 'kind', category: 'cat' } })
    expect(report.skipped).toEqual({ 'bad event type': { count: 1, lines: [3] } })
    expect(customers.get('u1')!.map((event) => [event.type, event.ts, event.items])).toEqual([
      ['view_item', Date.UTC(2024, 4, 1, 10), [{ item_id: 'S1', item_category: 'lamps', quantity: 1 }]],
      ['add_to_cart', Date.UTC(2024, 4, 1, 10), [{ item_id: 'S1', item_category: 'lamps', quantity: 1 }]],
    ])
  })

  it('records an order of more than 200 lines as several events, as the SDK accepts at most 200 items per event', async () => {
    const lines = Array.from({ length: 450 }, (_, i) => `1,P${i},X,1,2011-01-01 09:00:00,1,17`)
    const { customers, report } = await ingest({ file: tempFile('big.csv', [HEADER, ...lines].join('\n')), columns })
    expect(report.splitOrders).toBe(1)
    expect(customers.get('17')!.map((event) => [event.id, event.items!.length])).toEqual([['0.0', 200], ['0.1', 200], ['0.2', 50]])
  })
})

describe('parseTime', () => {
  it('reads ISO 8601 (UTC when no zone is given), epoch seconds and epoch milliseconds', () => {
    expect(parseTime('2011-06-01 08:26:00')).toBe(Date.UTC(2011, 5, 1, 8, 26))
    expect(parseTime('2011-06-01T08:26:00+02:00')).toBe(Date.UTC(2011, 5, 1, 6, 26))
    expect(parseTime('1306916760')).toBe(1306916760000)
    expect(parseTime(1306916760000)).toBe(1306916760000)
    expect(parseTime('2011-06-01')).toBe(Date.UTC(2011, 5, 1))
    expect(parseTime('2011-06-01T08:26:00.5Z')).toBe(Date.UTC(2011, 5, 1, 8, 26, 0, 500))
    expect(parseTime('01/06/2011')).toBeUndefined() // day first or month first: refused, not guessed
    expect(parseTime('2011-13-45')).toBeUndefined()
    expect(parseTime('2011-02-30')).toBeUndefined() // Date.parse would say 2 March
    expect(parseTime('2012-02-29 23:59:59')).toBe(Date.UTC(2012, 1, 29, 23, 59, 59))
    expect(parseTime('2011-06-01 24:00')).toBeUndefined()
    expect(parseTime('soon')).toBeUndefined()
    expect(parseTime('')).toBeUndefined()
  })
})
