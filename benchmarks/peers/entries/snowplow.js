// Snowplow: behavioral event tracking.
import { newTracker, trackPageView, trackSelfDescribingEvent } from '@snowplow/browser-tracker'

newTracker('sp', 'collector.example.com', { appId: 'shop' })
trackPageView()
trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/view_item/jsonschema/1-0-0', data: { item_id: 'SKU-1' } } })
