// Ninetailed: personalization and experimentation for headless CMSs.
import { Ninetailed } from '@ninetailed/experience.js'

const ninetailed = new Ninetailed({ clientId: 'abc', environment: 'main' })
await ninetailed.page()
await ninetailed.track('view_item')
