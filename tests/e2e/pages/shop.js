// The test shop's cart: "add to cart" buttons, a cart table, and the widget told of each change
// through LoyaltyWidget('setCart', ...), as docs/integration.md describes. Prices in kopecks.
// Points chosen in the widget (loyalty:points-selected) go into the cart as points_redeemed and
// come off the total; a changed cart drops them.
const products = [
    { sku: 'book-master-margarita', name: 'Мастер и Маргарита', category: 'books', price: 89000 },
    { sku: 'notebook-a5', name: 'Блокнот A5', category: 'stationery', price: 35000 },
    { sku: 'gift-card-3000', name: 'Подарочная карта 3000 ₽', category: 'gift-cards', price: 300000 },
    { sku: 'book-war-and-peace', name: 'Война и мир', category: 'books', price: 259000 },
];
const cart = new Map();
let paid = { points: 0, discount: 0 };
const rub = (k) => (k / 100).toLocaleString('ru-RU') + ' ₽';

function render() {
    const body = document.querySelector('#cart-lines');
    body.replaceChildren();
    let total = 0;
    for (const [sku, quantity] of cart) {
        const p = products.find((x) => x.sku === sku);
        total += p.price * quantity;
        const tr = document.createElement('tr');
        for (const text of [`${p.name} × ${quantity}`, rub(p.price * quantity)]) {
            const td = document.createElement('td');
            td.textContent = text;
            tr.append(td);
        }
        body.append(tr);
    }
    document.querySelector('#cart-total').textContent = rub(total - paid.discount);
    const lines = [...cart].map(([sku, quantity]) => {
        const p = products.find((x) => x.sku === sku);
        return { sku, name: p.name, category: p.category, price: p.price, quantity };
    });
    window.LoyaltyWidget('setCart', lines.length ? (paid.points ? { lines, points_redeemed: paid.points } : { lines }) : null);
}
document.addEventListener('loyalty:points-selected', (e) => {
    paid = e.detail;
    render();
});

const list = document.querySelector('.products');
for (const p of products) {
    const li = document.createElement('li');
    const title = document.createElement('div');
    title.textContent = `${p.name} — ${rub(p.price)}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'В корзину';
    button.dataset.sku = p.sku;
    button.addEventListener('click', () => {
        cart.set(p.sku, (cart.get(p.sku) || 0) + 1);
        paid = { points: 0, discount: 0 };
        render();
    });
    li.append(title, button);
    list.append(li);
}
document.querySelector('.checkout').addEventListener('click', () => {
    window.LoyaltyWidget('purchase', 'T-' + Date.now());
    cart.clear();
    paid = { points: 0, discount: 0 };
    render();
});
