// Tailor from npm: create, start (slots decided), track.
import { createTailor } from '@tailorjs/core'

const tailor = createTailor({ model: '/model.json' })
await tailor.start()
tailor.track('view_item', { items: [{ item_id: 'SKU-1', item_category: 'lighting', price: 24 }] })
