// Storefront buttons report to Google Analytics 4 through the dataLayer, as most shops already do;
// Tailor reads GA4 ecommerce events from there, so no Tailor-specific code is needed here.
window.dataLayer = window.dataLayer || [];
// A product page's GA4 view_item, as a tag manager would push it.
const viewItem = document.getElementById('ga4-view-item');
if (viewItem) window.dataLayer.push(JSON.parse(viewItem.textContent));
document.addEventListener('click', (event) => {
  const button = event.target.closest('.add-to-cart, .buy-now');
  if (!button) return;
  const data = button.dataset;
  const item = {
    item_id: data.itemId,
    item_name: data.itemName,
    item_category: data.itemCategory,
    item_brand: data.itemBrand,
    price: Number(data.itemPrice),
    quantity: 1,
  };
  const isPurchase = button.classList.contains('buy-now');
  window.dataLayer.push({ ecommerce: null }); // GA4's advice: clear the previous ecommerce object
  window.dataLayer.push({
    event: isPurchase ? 'purchase' : 'add_to_cart',
    ecommerce: { currency: 'GBP', value: item.price, items: [item], ...(isPurchase ? { transaction_id: `T-${Date.now()}` } : {}) },
  });
  document.querySelector('.shop-status').textContent = isPurchase
    ? 'Thank you for your order.'
    : 'Added to your basket.';
});
