// Generates the static demo storefront in dist/ from catalog.json.
// Node 20 standard library only; run with `node build.mjs` (or `pnpm build`).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOP_NAME = 'Hearth & Gift';
const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const { categories, products } = JSON.parse(readFileSync(join(root, 'catalog.json'), 'utf8'));
const categoryName = new Map(categories.map((c) => [c.id, c.name]));

function fail(message) {
  console.error(`storefront build failed: ${message}`);
  process.exit(1);
}

// Check every input before touching dist/, so a failed build leaves nothing half-written.
// tailor.min.js, the chunks it loads from beside itself (storage, model downloader, late capture,
// insights) and the stylesheet that keeps pending slots hidden.
const bundles = ['tailor.min.js', 'tailor-persist.min.js', 'tailor-loader.min.js', 'tailor-capture.min.js', 'tailor-insights.min.js', 'tailor.css'].map((name) => {
  try {
    return [name, createRequire(import.meta.url).resolve(`@tailorjs/core/${name}`)];
  } catch {
    fail(`@tailorjs/core/${name} not found: build @tailorjs/core first (pnpm build)`);
  }
});
const modelPath = join(root, 'model.json');
if (!existsSync(modelPath)) {
  fail('examples/storefront/model.json is missing: add the Tailor model before building the demo');
}

function escapeHtml(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function formatPrice(product) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: product.currency }).format(product.price);
}

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
const scriptJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c');

// What the slots choose from and how: the catalog, segment rules and merchandising rules, as the
// JSON of a config element (data, never executed, so a strict Content-Security-Policy allows it).
const tailorConfig = {
  catalog: products.map((p) => ({
    id: p.id,
    name: p.name,
    url: `/products/${p.id}.html`,
    image: `/images/${p.id}.svg`,
    price: p.price,
    currency: p.currency,
    category: p.category,
    brand: p.brand,
  })),
  segments: [
    { segment: 'gift-campaign', when: { utm: { campaign: ['christmas', 'gifts'] } } },
    { segment: 'loyal-customer', when: { lifecycle: ['loyal'] } },
  ],
  merchandising: { purchasedWithinDays: 30, diversity: true },
};

function layout({ title, head = '', body, current }) {
  const nav = categories
    .map((c) => {
      const aria = c.id === current ? ' aria-current="page"' : '';
      return `<a href="/category/${escapeHtml(c.id)}.html"${aria}>${escapeHtml(c.name)}</a>`;
    })
    .join('\n      ');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/style.css">
<link rel="stylesheet" href="/tailor.css">
<link rel="icon" href="data:,">
${head}<script type="application/json" data-tailor-config>${scriptJson(tailorConfig)}</script>
<script async src="/tailor.min.js" data-model="/model.json"></script>
<script defer src="/shop.js"></script>
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">${escapeHtml(SHOP_NAME)}</a>
    <nav aria-label="Categories">
      ${nav}
    </nav>
  </header>
  <main>
${body}
  </main>
  <footer class="site-footer"><p>${escapeHtml(SHOP_NAME)} is a demo storefront for Tailor. Nothing here is for sale.</p><p><button type="button" class="privacy-link" data-tailor-privacy>What this shop knows about you</button></p></footer>
</body>
</html>
`;
}

// The card a product slot fills for each product it picks: values are bound as text and checked
// URLs by Tailor, never as markup.
const productCard = `<li class="card"><a data-tailor-bind-href="url"><img data-tailor-bind-src="image" alt="" width="240" height="240" loading="lazy"><span class="card-name" data-tailor-bind="name"></span><span class="card-price" data-tailor-bind="price"></span></a></li>`;

function cards(items) {
  return items
    .map(
      (p) => `      <li class="card"><a href="/products/${escapeHtml(p.id)}.html">
        <img src="/images/${escapeHtml(p.id)}.svg" alt="" width="240" height="240" loading="lazy">
        <span class="card-name">${escapeHtml(p.name)}</span>
        <span class="card-price">${escapeHtml(formatPrice(p))}</span>
      </a></li>`,
    )
    .join('\n');
}

function productGrid(items) {
  return `    <ul class="grid">\n${cards(items)}\n    </ul>`;
}

function homePage() {
  const variants = categories.map(
    (c) =>
      `      <template data-tailor-variant="hero-${escapeHtml(c.id)}" data-tailor-target="${escapeHtml(c.id)}"><div class="hero-content hero-${escapeHtml(c.id)}"><h1>${escapeHtml(c.name)} picked for you</h1><p>${escapeHtml(c.tagline)}.</p><a href="/category/${escapeHtml(c.id)}.html">See ${escapeHtml(c.name.toLowerCase())}</a></div></template>`,
  );
  const body = `    <section class="hero" data-tailor-slot="hero">
      <div class="hero-content"><h1>Gifts for every corner of the home</h1><p>Handmade and well-made things for living rooms, kitchens, gardens and desks.</p><a href="/category/lighting.html">Shop now</a></div>
      <template data-tailor-segment="gift-campaign"><div class="hero-content hero-new"><h1>Gifts, wrapped and on their way</h1><p>Came for our gift guide? Every order ships in a gift box, with a handwritten card.</p><a href="/category/stationery.html">Find a card</a></div></template>
      <template data-tailor-segment="loyal-customer"><div class="hero-content hero-new"><h1>Welcome back</h1><p>Thank you for shopping with us again: here is what is new since your last order.</p><a href="/category/lighting.html">See what is new</a></div></template>
      <template data-tailor-segment="new-visitor"><div class="hero-content hero-new"><h1>Welcome to ${escapeHtml(SHOP_NAME)}</h1><p>First visit? Have a look around: the shop learns what you like, on your device only.</p><a href="/category/lighting.html">Start browsing</a></div></template>
${variants.join('\n')}
    </section>
    <h2>Picked for you</h2>
    <ul class="grid" data-tailor-slot="picks" data-tailor-count="4">
${cards(products.slice(0, 4))}
      <template data-tailor-product>${productCard}</template>
    </ul>
    <h2>All gifts</h2>
${productGrid(products)}`;
  return layout({ title: `${SHOP_NAME}: gifts for the home`, body });
}

function categoryPage(category) {
  const body = `    <h1>${escapeHtml(category.name)}</h1>
    <p class="tagline">${escapeHtml(category.tagline)}</p>
${productGrid(products.filter((p) => p.category === category.id))}`;
  return layout({ title: `${category.name} · ${SHOP_NAME}`, body, current: category.id });
}

function productPage(p) {
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    sku: p.id,
    name: p.name,
    category: p.category, // the slug: the model's targets are category slugs
    brand: { '@type': 'Brand', name: p.brand },
    offers: {
      '@type': 'Offer',
      price: p.price.toFixed(2),
      priceCurrency: p.currency,
      availability: 'https://schema.org/InStock',
    },
  }).replaceAll('<', '\\u003c');
  // The GA4 view_item a storefront with Google Analytics already pushes; Tailor reads it too.
  const ga4Item = { item_id: p.id, item_name: p.name, item_brand: p.brand, item_category: p.category, price: p.price };
  const viewItem = JSON.stringify({ event: 'view_item', ecommerce: { currency: p.currency, value: p.price, items: [ga4Item] } }).replaceAll('<', '\\u003c');
  const itemData = `data-item-id="${escapeHtml(p.id)}" data-item-name="${escapeHtml(p.name)}" data-item-category="${escapeHtml(p.category)}" data-item-brand="${escapeHtml(p.brand)}" data-item-price="${escapeHtml(p.price)}"`;
  const body = `    <article class="product">
      <img src="/images/${escapeHtml(p.id)}.svg" alt="${escapeHtml(p.name)}" width="480" height="480">
      <div class="product-info">
        <p class="crumb"><a href="/category/${escapeHtml(p.category)}.html">${escapeHtml(categoryName.get(p.category))}</a></p>
        <h1>${escapeHtml(p.name)}</h1>
        <p class="brand">by ${escapeHtml(p.brand)}</p>
        <p class="price">${escapeHtml(formatPrice(p))}</p>
        <p class="description">${escapeHtml(p.description)}</p>
        <div class="actions">
          <button class="add-to-cart" ${itemData}>Add to basket</button>
          <button class="buy-now" ${itemData}>Buy now</button>
        </div>
        <p class="shop-status" role="status"></p>
      </div>
    </article>`;
  return layout({
    title: `${p.name} · ${SHOP_NAME}`,
    // shop.js pushes this onto the dataLayer: no inline script, so a strict CSP allows the page.
    head: `<script type="application/ld+json">${jsonLd}</script>\n<script type="application/json" id="ga4-view-item">${viewItem}</script>\n`,
    body,
  });
}

function productImage(p) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480">
  <rect width="480" height="480" fill="#f6f1ea"/>
  <circle cx="240" cy="200" r="120" fill="${escapeHtml(p.color)}"/>
  <text x="240" y="400" text-anchor="middle" font-family="system-ui, sans-serif" font-size="28" fill="#333">${escapeHtml(p.name)}</text>
</svg>
`;
}

function write(path, contents) {
  mkdirSync(dirname(join(dist, path)), { recursive: true });
  writeFileSync(join(dist, path), contents);
}

rmSync(dist, { recursive: true, force: true });
write('index.html', homePage());
for (const c of categories) write(`category/${c.id}.html`, categoryPage(c));
for (const p of products) {
  write(`products/${p.id}.html`, productPage(p));
  write(`images/${p.id}.svg`, productImage(p));
}
copyFileSync(join(root, 'site/style.css'), join(dist, 'style.css'));
copyFileSync(join(root, 'site/shop.js'), join(dist, 'shop.js'));
for (const [name, path] of bundles) copyFileSync(path, join(dist, name));
copyFileSync(modelPath, join(dist, 'model.json'));

console.log(
  `storefront: wrote ${1 + categories.length + products.length} pages (1 home, ${categories.length} category, ${products.length} product) and ${products.length} images to dist/`,
);
