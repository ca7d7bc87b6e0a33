// Pages the browser-shell tests load: a home page with a hero slot the fixture model can decide
// (lamps or rugs), and a product page described by JSON-LD.

export const HOME = `
  <section data-tailor-slot="hero">
    <h1>Default</h1>
    <template data-tailor-segment="new-visitor"><h1>Welcome</h1></template>
    <template data-tailor-variant="hero-lamps" data-tailor-target="lamps"><h1>Lamps for you</h1></template>
    <template data-tailor-variant="hero-rugs" data-tailor-target="rugs"><h1>Rugs for you</h1></template>
  </section>`

/** A product page for `sku` in `category`, as its JSON-LD tells it. */
export const productPage = (sku: string, category: string) =>
  `<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', sku, category })}</script><h1>${sku}</h1>`
