// Uniform Context: on-device personalization from signals.
import { Context } from '@uniformdev/context'

const context = new Context({ manifest: { project: {} }, defaultConsent: true })
await context.update({ url: new URL(location.href) })
console.log(context.scores)
