// PostHog: product analytics, flags and experiments.
import posthog from 'posthog-js'

posthog.init('phc_abc', { api_host: 'https://eu.i.posthog.com' })
posthog.capture('view_item', { item_id: 'SKU-1' })
