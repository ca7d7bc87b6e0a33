import type { Product as TailorProduct } from '@tailorjs/core'
import { Slot, TailorProvider, useProfile, useTrack } from '@tailorjs/react'
import { useEffect, useRef, useSyncExternalStore, type MouseEvent, type ReactNode } from 'react'
// The storefront example's catalog and model: the same shop, rendered by React.
import shop from '../../storefront/catalog.json'
import modelUrl from '../../storefront/model.json?url'

interface Product {
  id: string
  name: string
  category: string
  brand: string
  price: number
  currency: string
  description: string
  color: string
}

const { categories, products } = shop as { categories: Array<{ id: string; name: string; tagline: string }>; products: Product[] }
const byId = new Map(products.map((product) => [product.id, product]))
const price = (product: Product) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: product.currency }).format(product.price)

// What Tailor ranks in product slots: ids, categories and prices (the cards below render the rest).
const catalog: TailorProduct[] = products.map(({ id, name, category, brand, price, currency }) => ({ id, name, url: `/products/${id}`, category, brand, price, currency }))

// A minimal router: the path is the state, links push it.
const subscribe = (onChange: () => void) => {
  addEventListener('popstate', onChange)
  return () => removeEventListener('popstate', onChange)
}
const usePath = () => useSyncExternalStore(subscribe, () => location.pathname, () => '/')
function navigate(event: MouseEvent<HTMLAnchorElement>) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
  event.preventDefault()
  history.pushState({}, '', event.currentTarget.getAttribute('href')!)
  dispatchEvent(new PopStateEvent('popstate'))
  scrollTo(0, 0)
}
const Link = ({ to, children, ...rest }: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' }) => (
  <a href={to} onClick={navigate} {...rest}>
    {children}
  </a>
)

function Swatch({ product, size }: { product: Product; size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 480 480" role="img" aria-label={product.name}>
      <rect width="480" height="480" fill="#f6f1ea" />
      <circle cx="240" cy="220" r="130" fill={product.color} />
    </svg>
  )
}

function Card({ product }: { product: Product }) {
  return (
    <li className="card">
      <Link to={`/products/${product.id}`}>
        <Swatch product={product} size={240} />
        <span className="card-name">{product.name}</span>
        <span className="card-price">{price(product)}</span>
      </Link>
    </li>
  )
}

const DefaultHero = () => (
  <div className="hero-content">
    <h1>Gifts for every corner of the home</h1>
    <p>Handmade and well-made things for living rooms, kitchens, gardens and desks.</p>
  </div>
)

function Home() {
  return (
    <>
      <Slot
        name="hero"
        as="section"
        className="hero"
        variants={categories.map((category) => ({ id: `hero-${category.id}`, target: category.id }))}
        segments={['new-visitor']}
        fallback={<DefaultHero />}
      >
        {(decision) => {
          const category = categories.find((c) => c.id === decision.target)
          if (decision.path === 'model' && category) {
            return (
              <div className={`hero-content hero-${category.id}`}>
                <h1>{category.name} picked for you</h1>
                <p>{category.tagline}.</p>
                <Link to={`/category/${category.id}`}>See {category.name.toLowerCase()}</Link>
              </div>
            )
          }
          if (decision.segment === 'new-visitor') {
            return (
              <div className="hero-content hero-new">
                <h1>Welcome to Hearth &amp; Gift</h1>
                <p>First visit? Have a look around: the shop learns what you like, on your device only.</p>
              </div>
            )
          }
          return undefined // the default hero
        }}
      </Slot>
      <h2>Picked for you</h2>
      <Slot name="picks" as="ul" className="grid" products={{ count: 4 }} fallback={products.slice(0, 4).map((p) => <Card key={p.id} product={p} />)}>
        {(decision) => decision.products?.map((id) => <Card key={id} product={byId.get(id)!} />)}
      </Slot>
      <h2>All gifts</h2>
      <ul className="grid">
        {products.map((product) => (
          <Card key={product.id} product={product} />
        ))}
      </ul>
    </>
  )
}

function Category({ id }: { id: string }) {
  const category = categories.find((c) => c.id === id)
  if (!category) return <h1>Not found</h1>
  return (
    <>
      <h1>{category.name}</h1>
      <p className="tagline">{category.tagline}</p>
      <ul className="grid">
        {products
          .filter((product) => product.category === id)
          .map((product) => (
            <Card key={product.id} product={product} />
          ))}
      </ul>
    </>
  )
}

function ProductPage({ product }: { product: Product }) {
  const track = useTrack()
  const item = { item_id: product.id, item_name: product.name, item_category: product.category, item_brand: product.brand, price: product.price }
  // One view per product shown: StrictMode runs effects twice in development, and keeps the ref.
  const tracked = useRef<string>(undefined)
  useEffect(() => {
    if (tracked.current === product.id) return
    tracked.current = product.id
    track('view_item', { items: [item] })
  })
  return (
    <article className="product">
      <Swatch product={product} size={480} />
      <div className="product-info">
        <h1>{product.name}</h1>
        <p className="brand">by {product.brand}</p>
        <p className="price">{price(product)}</p>
        <p className="description">{product.description}</p>
        <div className="actions">
          <button type="button" className="add-to-cart" onClick={() => track('add_to_cart', { items: [{ ...item, quantity: 1 }], value: product.price, currency: product.currency })}>
            Add to basket
          </button>
        </div>
      </div>
    </article>
  )
}

function Page() {
  const path = usePath()
  const [, section, id] = path.split('/')
  const product = section === 'products' ? byId.get(id ?? '') : undefined
  return product ? <ProductPage product={product} /> : section === 'category' ? <Category id={id ?? ''} /> : <Home />
}

function Header() {
  const path = usePath()
  const { evidence } = useProfile()
  return (
    <header className="site-header">
      <Link to="/" className="logo">
        Hearth &amp; Gift
      </Link>
      <nav aria-label="Categories">
        {categories.map((category) => (
          <Link key={category.id} to={`/category/${category.id}`} {...(path === `/category/${category.id}` ? { 'aria-current': 'page' as const } : {})}>
            {category.name}
          </Link>
        ))}
      </nav>
      <small className="evidence">{evidence} product views and carts on this device</small>
    </header>
  )
}

export function App() {
  return (
    <TailorProvider options={{ model: modelUrl, catalog }}>
      <Header />
      <main>
        <Page />
      </main>
    </TailorProvider>
  )
}
