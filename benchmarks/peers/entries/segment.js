// Segment Analytics.js 2.0: event collection and routing.
import { AnalyticsBrowser } from '@segment/analytics-next'

const analytics = AnalyticsBrowser.load({ writeKey: 'abc' })
analytics.track('view_item', { item_id: 'SKU-1' })
