// Optimizely Feature Experimentation: decisions from a datafile.
import { createInstance, createPollingProjectConfigManager } from '@optimizely/optimizely-sdk'

const client = createInstance({ projectConfigManager: createPollingProjectConfigManager({ sdkKey: 'sdk-abc' }) })
await client.onReady()
console.log(client.createUserContext('u1').decide('hero'))
