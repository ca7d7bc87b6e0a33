// GrowthBook: flags and experiments, evaluated in the browser.
import { GrowthBook } from '@growthbook/growthbook'

const gb = new GrowthBook({ apiHost: 'https://cdn.growthbook.io', clientKey: 'sdk-abc', attributes: { id: 'u1' } })
await gb.init()
console.log(gb.getFeatureValue('hero', 'default'))
