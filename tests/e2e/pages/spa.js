// A single-page shop: routes change with history.pushState, the cart lives in an inline JSON
// block (data-cart="#cart-data") that the app rewrites, and the page never reloads.
const routes = {
    '/pages/spa.html': 'Каталог',
    '/pages/spa.html/cart': 'Корзина',
};
function go(path) {
    history.pushState({}, '', path);
    document.querySelector('#view').textContent = routes[path] || '?';
}
function setCartJson(cart) {
    document.querySelector('#cart-data').textContent = JSON.stringify(cart);
}
window.spa = { go, setCartJson };
document.querySelector('#to-cart').addEventListener('click', () => {
    setCartJson({ lines: [{ sku: 'book-war-and-peace', name: 'Война и мир', category: 'books', price: 259000, quantity: 1 }] });
    go('/pages/spa.html/cart');
});
