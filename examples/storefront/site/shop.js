// Storefront buttons: report basket and purchase events to Tailor.
// window.tailor is an array until the SDK loads; push() works before and after.
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
  if (isPurchase) {
    window.tailor.push(['track', 'purchase', { items: [item], value: item.price, currency: 'GBP' }]);
  } else {
    window.tailor.push(['track', 'add_to_cart', { items: [item] }]);
  }
  document.querySelector('.shop-status').textContent = isPurchase
    ? 'Thank you for your order.'
    : 'Added to your basket.';
});
