// The demo shop's own script (no framework): the catalog, a cart kept in localStorage and handed to
// the loyalty widget with LoyaltyWidget('setCart', ...), the customer switcher (the demo server
// signs a customer token into a cookie: POST /demo/login), and checkout (POST /demo/checkout, which
// books the order on the server; then LoyaltyWidget('refresh') shows the new balance).
// Paying with points: the widget's cart control sends loyalty:points-selected {points, discount};
// the shop keeps them beside the cart, shows the discount and the total, passes points_redeemed to
// setCart (the widget previews the cart with them) and books the order with them.
// Personal offers: the signed-in shopper's current offers come with /api/loyalty/me; every active
// one applies to the cart by itself (a "Personal offer" line of the summary, computed as the core
// does), the cart given to the widget names them (offers: [ids]) so its preview is the same, and
// the order sends them as offer_ids.
// Works under script-src 'self' 'wasm-unsafe-eval': no inline code, no HTML from data.

const LANG = document.documentElement.lang.startsWith('en') ? 'en' : 'ru';

const PRODUCTS = [
    { sku: 'book-master-margarita', category: 'books', price: 89000, cover: 'c1',
      name: { ru: 'Мастер и Маргарита', en: 'The Master and Margarita' }, by: { ru: 'М. Булгаков', en: 'M. Bulgakov' } },
    { sku: 'book-war-and-peace', category: 'books', price: 259000, cover: 'c2',
      name: { ru: 'Война и мир', en: 'War and Peace' }, by: { ru: 'Л. Толстой', en: 'L. Tolstoy' } },
    { sku: 'book-dostoevsky', category: 'books', price: 120000, cover: 'c3',
      name: { ru: 'Преступление и наказание', en: 'Crime and Punishment' }, by: { ru: 'Ф. Достоевский', en: 'F. Dostoevsky' } },
    { sku: 'book-chekhov-stories', category: 'books', price: 64000, cover: 'c4',
      name: { ru: 'Рассказы', en: 'Short Stories' }, by: { ru: 'А. Чехов', en: 'A. Chekhov' } },
    { sku: 'notebook-a5', category: 'stationery', price: 35000, cover: 'c5',
      name: { ru: 'Блокнот A5 в клетку', en: 'A5 squared notebook' }, by: { ru: 'Канцелярия', en: 'Stationery' } },
    { sku: 'pen-fountain', category: 'stationery', price: 149000, cover: 'c6',
      name: { ru: 'Перьевая ручка', en: 'Fountain pen' }, by: { ru: 'Канцелярия', en: 'Stationery' } },
    { sku: 'bookmark-leather', category: 'stationery', price: 90000, cover: 'c7',
      name: { ru: 'Кожаная закладка', en: 'Leather bookmark' }, by: { ru: 'Канцелярия', en: 'Stationery' } },
    { sku: 'gift-card-1000', category: 'gift-cards', price: 100000, cover: 'c8',
      name: { ru: 'Подарочная карта на 1 000 ₽', en: 'Gift card, ₽1,000' }, by: { ru: 'Без баллов', en: 'Earns no points' } },
];

const CUSTOMERS = [
    { id: '', name: { ru: 'Гость', en: 'Guest' } },
    { id: 'c-anna', name: { ru: 'Анна', en: 'Anna' } },
    { id: 'c-boris', name: { ru: 'Борис', en: 'Boris' } },
    { id: 'c-vera', name: { ru: 'Вера', en: 'Vera' } },
    { id: 'c-daria', name: { ru: 'Дарья (новая)', en: 'Daria (new)' } },
];

const SHIPPING = 29900;

const TEXT = {
    ru: {
        add: 'В корзину', added: 'Добавлено', empty: 'Корзина пуста.', to_catalog: 'Перейти в каталог',
        qty: 'Количество', remove: 'Убрать', subtotal: 'Товары', shipping: 'Доставка', total: 'Итого',
        checkout: 'Оформить заказ', guest_checkout: 'Чтобы получить баллы за заказ, выберите покупателя вверху страницы.',
        booked: (id, pts) => `Заказ ${id} оформлен. Начислено баллов: ${pts}.`, failed: 'Не удалось оформить заказ: ',
        no_endpoint: 'у этого сервера нет /demo/checkout (запустите loyalty-server с --demo-login)',
        signed_in: (n) => `Вы вошли как ${n}.`, guest: 'Вы не вошли: виджет показывает, как работает программа.',
        switch_failed: 'Не удалось сменить покупателя: ', minus: 'Меньше', plus: 'Больше',
        booked_points: (id, spent, pts) => `Заказ ${id} оформлен. Списано баллов: ${spent}, начислено: ${pts}.`,
        points_refused: (n) => `Заказ не оформлен: к этому заказу нельзя списать столько баллов (${n}). Мы убрали их из корзины — выберите, сколько списать, ещё раз.`,
        code_applied: (name, code) => `Применён код ${code}: «${name}».`,
        referral_booked: (n) => `И ещё ${n} баллов за приглашение друга.`,
        code_unknown: 'Такого действующего кода у вас нет. Коды — в виджете, в разделе «Мои коды».',
        code_refused: (why) => `Заказ не оформлен: код не принят (${why}). Мы убрали его из корзины.`,
        offer: 'Персональное предложение', offer_free_shipping: 'бесплатная доставка', offer_gift: 'подарок', offer_points: 'баллы',
        offer_refused: (why) => `Заказ не оформлен: персональное предложение больше не действует (${why}). Мы убрали его из корзины.`,
        lead_rate: (n, m) => `Баллы: ${n} за каждые ${m}`, lead_none: 'без баллов', lead_rules: 'Баллы начисляются по правилам: ', lead_each: 'за штуку',
    },
    en: {
        add: 'Add to cart', added: 'Added', empty: 'Your cart is empty.', to_catalog: 'Go to the catalog',
        qty: 'Quantity', remove: 'Remove', subtotal: 'Items', shipping: 'Shipping', total: 'Total',
        checkout: 'Check out', guest_checkout: 'Choose a customer at the top of the page to earn points on this order.',
        booked: (id, pts) => `Order ${id} is placed. Points earned: ${pts}.`, failed: 'Could not place the order: ',
        no_endpoint: 'this server has no /demo/checkout (start loyalty-server with --demo-login)',
        signed_in: (n) => `You are signed in as ${n}.`, guest: 'You are not signed in: the widget shows how the program works.',
        switch_failed: 'Could not switch the customer: ', minus: 'Fewer', plus: 'More',
        booked_points: (id, spent, pts) => `Order ${id} is placed. Points used: ${spent}, earned: ${pts}.`,
        points_refused: (n) => `The order was not placed: ${n} points cannot be used on this order. We took them off the cart; choose how many to use again.`,
        code_applied: (name, code) => `Code ${code} applied: “${name}”.`,
        referral_booked: (n) => `Plus ${n} points for joining through a friend.`,
        code_unknown: 'You have no active code like that. Your codes are in the widget, under “My codes”.',
        code_refused: (why) => `The order was not placed: the code was not accepted (${why}). We took it off the cart.`,
        offer: 'Personal offer', offer_free_shipping: 'free delivery', offer_gift: 'a gift', offer_points: 'points',
        offer_refused: (why) => `The order was not placed: the personal offer no longer applies (${why}). We took it off the cart.`,
        lead_rate: (n, m) => `Points: ${n} per ${m}`, lead_none: 'none', lead_rules: 'Points are earned by these rules: ', lead_each: 'each',
    },
};
const t = TEXT[LANG];
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v === true ? '' : v);
    }
    node.append(...children);
    return node;
}

const rub = (digits) => new Intl.NumberFormat(LANG === 'en' ? 'en-GB' : 'ru-RU', { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', minimumFractionDigits: digits, maximumFractionDigits: digits });
const roubles = rub(0);
const kopecks = rub(2);
// Whole roubles without kopecks ("1 539 ₽"); a percent off leaves kopecks ("1 942,50 ₽").
const money = (minor) => (minor % 100 ? kopecks : roubles).format(minor / 100);

// ---- the cart ------------------------------------------------------------------------------------

const CART_KEY = 'demo-shop-cart';

function readCart() {
    try {
        const items = JSON.parse(localStorage.getItem(CART_KEY) || '[]');
        return Array.isArray(items) ? items.filter((i) => PRODUCTS.some((p) => p.sku === i.sku) && i.quantity > 0) : [];
    } catch {
        return [];
    }
}

// The points the shopper chose to pay with ({points, discount}: the loyalty:points-selected detail),
// kept beside the cart. A changed cart drops them: they were chosen for the cart as it was, and the
// widget offers the new cart's amounts.
const POINTS_KEY = 'demo-shop-points';

function readPoints() {
    try {
        const p = JSON.parse(localStorage.getItem(POINTS_KEY) || 'null');
        return p && Number.isSafeInteger(p.points) && p.points > 0 && Number.isSafeInteger(p.discount) ? p : null;
    } catch {
        return null;
    }
}

function writePoints(detail) {
    if (detail && detail.points > 0) localStorage.setItem(POINTS_KEY, JSON.stringify({ points: detail.points, discount: detail.discount }));
    else localStorage.removeItem(POINTS_KEY);
}

// The reward code the shopper applied ({code, reward_id, kind, value, percent, name}): one claimed
// in the widget ("My codes"), checked against the shopper's active codes and kept beside the cart.
// The order sends it as reward_codes, and the server's core takes the reward off exactly; the
// summary below shows the same amount (a shop's platform would apply its own discount code).
const CODE_KEY = 'demo-shop-code';

function readCode() {
    try {
        const c = JSON.parse(localStorage.getItem(CODE_KEY) || 'null');
        return c && typeof c.code === 'string' && typeof c.reward_id === 'string' ? c : null;
    } catch {
        return null;
    }
}

function writeCode(code) {
    if (code) localStorage.setItem(CODE_KEY, JSON.stringify(code));
    else localStorage.removeItem(CODE_KEY);
}

/** What the applied code takes off goods of `subtotal` and the shipping, as the core computes it. */
function codeDiscount(code, subtotal) {
    if (!code) return { goods: 0, shipping: 0 };
    if (code.kind === 'fixed_discount') return { goods: Math.min(code.value, subtotal), shipping: 0 };
    if (code.kind === 'percent_discount') return { goods: Math.floor(subtotal * Number(code.percent)), shipping: 0 };
    if (code.kind === 'free_shipping') return { goods: 0, shipping: SHIPPING };
    return { goods: 0, shipping: 0 };
}

// ---- personal offers ----------------------------------------------------------------------------

/** The signed-in shopper's offers that apply now ({id, kind, percent?, ...} from /api/loyalty/me):
 *  begun and not ended by the server's clock, in the server's order. */
function activeOffers() {
    const now = Date.now() + state.clock;
    return state.offers.filter((o) => (o.status === 'active' || o.status === 'scheduled') &&
        !(Date.parse(o.starts) > now) && Date.parse(o.ends) > now);
}

/** A ratio as the core writes it ("25%", "0.25") as [numerator, denominator] of integers. */
function ratio(text) {
    const s = String(text ?? '').trim();
    const percent = s.endsWith('%');
    const m = /^(\d+)(?:\.(\d+))?$/.exec(percent ? s.slice(0, -1) : s);
    if (!m) return [0, 1];
    const decimals = m[2] || '';
    return [Number(m[1] + decimals), 10 ** decimals.length * (percent ? 100 : 1)];
}

/**
 * What each offer takes off, exactly as the core does (docs/program.md, "Personal offers on an
 * order"): after the reward code, in order, each on what the previous left; a percent of the
 * goods rounded down to the kopeck, free shipping the shipping left, a gift one unit of its line
 * (at most its value). A points multiplier takes nothing. [{offer, goods, shipping}].
 */
function offerDiscounts(offers, items, goodsLeft, shippingLeft) {
    return offers.map((offer) => {
        let goods = 0;
        let shipping = 0;
        if (offer.kind === 'percent_off') {
            const [num, den] = ratio(offer.percent);
            goods = Math.floor((goodsLeft * num) / den);
        } else if (offer.kind === 'free_shipping') {
            shipping = shippingLeft;
        } else if (offer.kind === 'gift') {
            const line = items.find((i) => i.sku === offer.product_id);
            const price = line ? PRODUCTS.find((p) => p.sku === line.sku).price : 0;
            goods = Math.min(price, offer.value ?? price, goodsLeft);
        }
        goodsLeft -= goods;
        shippingLeft -= shipping;
        return { offer, goods, shipping };
    });
}

/** The summary's name for an offer: "Personal offer −25%", "Personal offer: free delivery". */
function offerLabel(offer) {
    if (offer.kind === 'percent_off') {
        const [num, den] = ratio(offer.percent);
        return `${t.offer} −${+((num * 100) / den).toFixed(4)}%`;
    }
    if (offer.kind === 'free_shipping') return `${t.offer}: ${t.offer_free_shipping}`;
    if (offer.kind === 'gift') return `${t.offer}: ${t.offer_gift}`;
    return `${t.offer}: ${t.offer_points} ×${offer.multiplier}`;
}

function writeCart(items) {
    localStorage.setItem(CART_KEY, JSON.stringify(items));
    writePoints(null);
    syncWidgetCart(items);
    renderCartCount(items);
}

/** The cart as the widget and the server take it: prices in kopecks, the category picks the rule. */
function loyaltyCart(items) {
    if (!items.length) return null;
    return {
        lines: items.map((i) => {
            const p = PRODUCTS.find((x) => x.sku === i.sku);
            return { sku: p.sku, name: p.name[LANG], category: p.category, price: p.price, quantity: i.quantity };
        }),
        shipping: SHIPPING,
        ...(readPoints() ? { points_redeemed: readPoints().points } : {}),
        ...(readCode() ? { rewards: [readCode().reward_id] } : {}),
        // The widget maps the ids to the offers' terms it read from /api/loyalty/me.
        ...(activeOffers().length ? { offers: activeOffers().map((o) => o.id) } : {}),
    };
}

function syncWidgetCart(items) {
    window.LoyaltyWidget('setCart', loyaltyCart(items));
}

function addToCart(sku) {
    const items = readCart();
    const line = items.find((i) => i.sku === sku);
    if (line) line.quantity += 1;
    else items.push({ sku, quantity: 1 });
    writeCart(items);
}

function renderCartCount(items = readCart()) {
    const n = items.reduce((s, i) => s + i.quantity, 0);
    const badge = $('#cart-count');
    if (badge) badge.textContent = n ? String(n) : '';
}

// ---- pages -----------------------------------------------------------------------------------------

function renderCatalog() {
    const grid = $('#catalog');
    if (!grid) return;
    for (const p of PRODUCTS) {
        const button = el('button', { type: 'button', class: 'add', 'data-sku': p.sku, text: t.add });
        button.addEventListener('click', () => {
            addToCart(p.sku);
            button.textContent = `${t.added} ✓`;
            setTimeout(() => { button.textContent = t.add; }, 1200);
        });
        grid.append(el('li', { class: 'product', 'data-category': p.category },
            el('div', { class: `cover ${p.cover}`, 'aria-hidden': 'true' }, el('span', { text: p.name[LANG] })),
            el('h3', { text: p.name[LANG] }),
            el('p', { class: 'by', text: p.by[LANG] }),
            el('p', { class: 'price', text: money(p.price) }),
            button));
    }
}

/**
 * The catalog's line on how points are earned, from the programme the server serves now (so a
 * change in the console shows here): "Баллы: 5 за каждые 100 ₽; книги — 7,5 (×1,5), ...". The
 * page's own text stays when the server has no programme to give.
 */
function earnLead(program, lang = LANG) {
    const earn = (program && program.earn) || {};
    const names = program?.display?.translations?.[lang] || {};
    const name = (group, id, fallback) => {
        const v = names[group] && names[group][id];
        return (v && typeof v === 'object' ? v.name : v) || fallback || id;
    };
    const text = TEXT[lang];
    const num = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 2 });
    // A rule by its (translated) name, else by what it earns: its id is the shop's key, not a text.
    const rule = (r) => {
        const called = name('rules', r.id, r.name);
        if (called !== r.id) return called;
        return r.kind === 'per_unit' ? `${num.format(r.points)} ${text.lead_each}` : `${num.format(r.points)} / ${money(r.per_amount)}`;
    };
    if (Array.isArray(earn.rules)) return text.lead_rules + earn.rules.map(rule).join('; ') + '.';
    if (!Number.isFinite(earn.points) || !Number.isFinite(earn.per_amount)) return null;
    const times = (m) => `×${num.format(Number(m))}`;
    const cats = Object.entries(earn.categories || {}).map(([id, c]) => {
        const label = name('categories', id).toLocaleLowerCase(lang);
        if (c.excluded) return `${label} — ${text.lead_none}`;
        const m = Number(c.multiplier ?? 1);
        return `${label} — ${num.format(earn.points * m)}${m !== 1 ? ` (${times(c.multiplier)})` : ''}`;
    });
    return text.lead_rate(num.format(earn.points), money(earn.per_amount)) + (cats.length ? `; ${cats.join(', ')}` : '') + '.';
}

async function renderLead() {
    const lead = $('.lead');
    if (!lead) return;
    try {
        const res = await fetch('/api/loyalty/program');
        const line = res.ok ? earnLead(await res.json()) : null;
        if (line) lead.textContent = line;
    } catch {
        // No server (the static stub): the page's own text stays.
    }
}

function renderCart() {
    const box = $('#cart');
    if (!box) return;
    const items = readCart();
    box.replaceChildren();
    if (!items.length) {
        box.append(el('p', { text: t.empty }), el('a', { href: 'index.html', class: 'button secondary', text: t.to_catalog }));
        $('#checkout-box').hidden = true;
        return;
    }
    $('#checkout-box').hidden = false;
    const table = el('table', { class: 'cart-table' });
    let subtotal = 0;
    items.forEach((i, index) => {
        const p = PRODUCTS.find((x) => x.sku === i.sku);
        subtotal += p.price * i.quantity;
        const change = (delta) => {
            const next = readCart();
            next[index].quantity += delta;
            writeCart(next.filter((x) => x.quantity > 0));
            renderCart();
        };
        const minus = el('button', { type: 'button', class: 'qty', 'aria-label': `${t.minus}: ${p.name[LANG]}`, text: '−' });
        const plus = el('button', { type: 'button', class: 'qty', 'aria-label': `${t.plus}: ${p.name[LANG]}`, text: '+' });
        const remove = el('button', { type: 'button', class: 'link', text: t.remove });
        minus.addEventListener('click', () => change(-1));
        plus.addEventListener('click', () => change(1));
        remove.addEventListener('click', () => change(-i.quantity));
        table.append(el('tr', { 'data-sku': p.sku },
            el('td', {}, el('div', { class: `cover mini ${p.cover}`, 'aria-hidden': 'true' })),
            el('td', {}, el('strong', { text: p.name[LANG] }), el('br'), el('span', { class: 'by', text: p.by[LANG] })),
            el('td', { class: 'nowrap' }, minus, el('span', { class: 'n', 'aria-label': t.qty, text: String(i.quantity) }), plus),
            el('td', { class: 'num', text: money(p.price * i.quantity) }),
            el('td', {}, remove)));
    });
    box.append(table);
    const points = readPoints();
    const code = readCode();
    const off = codeDiscount(code, subtotal);
    const offers = offerDiscounts(activeOffers(), items, subtotal - off.goods, SHIPPING - off.shipping);
    const offersOff = offers.reduce((sum, o) => sum + o.goods + o.shipping, 0);
    for (const node of document.querySelectorAll('.summary .offer')) node.remove();
    const pointsRow = $('.summary dt.points');
    for (const o of offers) {
        pointsRow.before(
            el('dt', { class: 'offer', 'data-offer': o.offer.id, text: offerLabel(o.offer) }),
            el('dd', { class: 'offer', 'data-offer': o.offer.id, text: o.goods + o.shipping ? `−${money(o.goods + o.shipping)}` : '✓' }));
    }
    $('#sum-subtotal').textContent = money(subtotal);
    $('#sum-shipping').textContent = money(SHIPPING);
    for (const node of document.querySelectorAll('.summary .points')) node.hidden = !points;
    $('#sum-points').textContent = points ? `−${money(points.discount)}` : '';
    for (const node of document.querySelectorAll('.summary .reward')) node.hidden = !code;
    $('#sum-reward').textContent = code ? `−${money(off.goods + off.shipping)}` : '';
    $('#code-applied').textContent = code ? t.code_applied(code.name, code.code) : '';
    $('#code-remove').hidden = !code;
    $('#code-applied').parentElement.hidden = !code;
    // The widget offers at most what the server books, which never exceeds the items' price.
    $('#sum-total').textContent = money(Math.max(0, subtotal + SHIPPING - off.goods - off.shipping - offersOff - (points ? points.discount : 0)));
}

const canonical = (code) => String(code).toUpperCase().replace(/[\s-]/g, '');

/** "Apply": the typed code must be one of the signed-in shopper's active codes. */
async function applyCode(e) {
    e.preventDefault();
    const message = $('#code-message');
    const typed = $('#reward-code').value;
    message.textContent = '';
    if (!state.customer) {
        message.textContent = t.guest_checkout;
        return;
    }
    try {
        const [claims, program] = await Promise.all([
            fetch('/api/loyalty/me/claims', { credentials: 'same-origin' }).then((r) => r.json()),
            fetch('/api/loyalty/program').then((r) => r.json()),
        ]);
        const claim = (claims.claims || []).find((c) => c.status === 'active' && canonical(c.code) === canonical(typed));
        const reward = claim && (program.rewards || []).find((r) => r.id === claim.reward_id);
        if (!claim || !reward) {
            message.textContent = t.code_unknown;
            return;
        }
        const percent = typeof reward.percent === 'string' && reward.percent.endsWith('%') ? Number(reward.percent.slice(0, -1)) / 100 : Number(reward.percent || 0);
        const name = program.display?.translations?.[LANG]?.rewards?.[reward.id] || reward.name;
        writeCode({ code: claim.code, reward_id: reward.id, kind: reward.kind, value: reward.value || 0, percent, name });
        $('#reward-code').value = '';
        writePoints(null); // the points were chosen for the cart without the reward
        syncWidgetCart(readCart());
        renderCart();
    } catch (err) {
        message.textContent = t.failed + err.message;
    }
}

function removeCode() {
    writeCode(null);
    writePoints(null);
    syncWidgetCart(readCart());
    renderCart();
}

/** The widget's "Use points" / "Remove": keep the choice, show it, preview the cart with it. */
function pointsSelected(e) {
    writePoints(e.detail);
    syncWidgetCart(readCart());
    renderCart();
}

async function checkout() {
    const message = $('#checkout-message');
    const cart = loyaltyCart(readCart());
    if (!cart) return;
    if (!state.customer) {
        message.textContent = t.guest_checkout;
        return;
    }
    const orderId = `D-${Date.now().toString(36).toUpperCase()}-${Math.floor(Math.random() * 1296).toString(36).toUpperCase()}`;
    const button = $('#checkout');
    button.disabled = true;
    message.textContent = '';
    try {
        const res = await fetch('/demo/checkout', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' },
            // The reward's code, not its id: the server checks it is the shopper's and marks it used.
            body: JSON.stringify({
                order_id: orderId,
                ...cart,
                rewards: undefined,
                offers: undefined,
                ...(readCode() ? { reward_codes: [readCode().code] } : {}),
                ...(cart.offers ? { offer_ids: cart.offers } : {}),
                ...(localStorage.getItem(REF_KEY) ? { referral_code: localStorage.getItem(REF_KEY) } : {}),
            }),
        });
        const reply = await res.json().catch(() => ({}));
        if (res.status === 404 && !reply.errors) throw new Error(t.no_endpoint);
        // The server refused the points (more than this cart or the balance allows): say so in
        // words, drop them, and let the widget offer what it can.
        if (res.status === 422 && cart.points_redeemed && (reply.errors || []).some((e) => e.path === '/points_redeemed')) {
            writePoints(null);
            syncWidgetCart(readCart());
            renderCart();
            message.textContent = t.points_refused(cart.points_redeemed);
            message.className = 'message bad';
            return;
        }
        // A code used meanwhile, voided or expired: say so and drop it.
        if (readCode() && (reply.errors || []).some((e) => e.path.startsWith('/reward_codes'))) {
            writeCode(null);
            syncWidgetCart(readCart());
            renderCart();
            message.textContent = t.code_refused(reply.errors[0].message);
            message.className = 'message bad';
            return;
        }
        // An offer that ended, was used up or voided meanwhile: say so and drop it.
        const offerErrors = cart.offers ? (reply.errors || []).filter((e) => e.path.startsWith('/offer_ids')) : [];
        if (offerErrors.length) {
            const gone = offerErrors.map((e) => cart.offers[Number(e.path.split('/')[2])]);
            state.offers = state.offers.filter((o) => !gone.includes(o.id) && !gone.includes(undefined));
            writePoints(null); // chosen for the cart with the offer
            syncWidgetCart(readCart());
            renderCart();
            message.textContent = t.offer_refused(offerErrors[0].message);
            message.className = 'message bad';
            return;
        }
        if (!res.ok || !reply.ok) {
            const why = (reply.errors || []).map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ');
            throw new Error(why || `HTTP ${res.status}`);
        }
        localStorage.removeItem(CART_KEY);
        localStorage.removeItem(REF_KEY);
        writePoints(null);
        writeCode(null);
        syncWidgetCart([]);
        renderCartCount([]);
        renderCart();
        message.textContent = (cart.points_redeemed ? t.booked_points(orderId, cart.points_redeemed, reply.earned ?? 0) : t.booked(orderId, reply.earned ?? 0)) +
            (reply.referral && reply.referral.status === 'booked' ? ' ' + t.referral_booked(reply.referral.referee_points) : '');
        message.className = 'message ok';
        window.LoyaltyWidget('purchase', orderId);
        window.LoyaltyWidget('refresh');
        await whoIsSignedIn(); // an offer may be used up by this order
    } catch (e) {
        message.textContent = t.failed + e.message;
        message.className = 'message bad';
    } finally {
        button.disabled = false;
    }
}

// ---- who is signed in --------------------------------------------------------------------------

// offers: the shopper's current personal offers (/api/loyalty/me), clock: the server's clock
// minus this one (ms), so an offer ends when the server says.
const state = { customer: null, offers: [], clock: 0 };

/** Reads who is signed in, and their offers, from /api/loyalty/me into `state`. */
async function whoIsSignedIn() {
    let doc;
    try {
        const res = await fetch('/api/loyalty/me?history_limit=0', { credentials: 'same-origin' });
        doc = res.ok ? await res.json() : null;
    } catch {
        return; // no answer: keep what is known
    }
    state.customer = doc?.customer?.id || null;
    state.offers = Array.isArray(doc?.offers) ? doc.offers : [];
    const serverNow = Date.parse(doc?.now);
    state.clock = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;
}

function showSignedIn() {
    const select = $('#customer');
    if (select) select.value = state.customer || '';
    const note = $('#signed-in');
    if (note) {
        const c = CUSTOMERS.find((x) => x.id === state.customer);
        note.textContent = state.customer ? t.signed_in(c ? c.name[LANG] : state.customer) : t.guest;
    }
}

async function switchCustomer(id) {
    const res = await fetch(id ? '/demo/login' : '/demo/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: id ? JSON.stringify({ customer_id: id }) : '{}',
    });
    if (!res.ok) {
        const reply = await res.json().catch(() => ({}));
        throw new Error((reply.errors || []).map((e) => e.message).join('; ') || `HTTP ${res.status}`);
    }
    // Points and offers of the previous shopper are not the new one's: the widget previews the cart
    // without them while it reads the new shopper, and with the new one's offers once it has.
    writePoints(null);
    state.offers = [];
    syncWidgetCart(readCart());
    await whoIsSignedIn();
    state.customer = id || null;
    renderCart();
    showSignedIn();
    await window.LoyaltyWidget('refresh');
    if (activeOffers().length) syncWidgetCart(readCart());
}

function setUpSwitcher() {
    const select = $('#customer');
    if (!select) return;
    for (const c of CUSTOMERS) select.append(el('option', { value: c.id, text: c.name[LANG] }));
    select.addEventListener('change', () => {
        switchCustomer(select.value).catch((e) => {
            const note = $('#signed-in');
            if (note) note.textContent = t.switch_failed + e.message;
            showSignedIn();
        });
    });
}

// A friend's referral link (?ref=CODE): kept until the next order, which sends it as
// referral_code; the server books the bonuses only for a newcomer's first order.
const REF_KEY = 'demo-shop-ref';

function keepReferral() {
    const params = new URLSearchParams(location.search);
    const code = params.get('ref');
    if (!code) return;
    localStorage.setItem(REF_KEY, code.slice(0, 64));
    params.delete('ref');
    history.replaceState(null, '', location.pathname + (params.size ? '?' + params : '') + location.hash);
}

async function init() {
    keepReferral();
    setUpSwitcher();
    renderCatalog();
    renderLead();
    renderCart();
    renderCartCount();
    syncWidgetCart(readCart());
    $('#checkout')?.addEventListener('click', checkout);
    document.addEventListener('loyalty:points-selected', pointsSelected);
    $('#code-form')?.addEventListener('submit', applyCode);
    $('#code-remove')?.addEventListener('click', removeCode);
    // A code just claimed in the widget is filled in, ready to apply.
    document.addEventListener('loyalty:reward-claimed', (e) => {
        if ($('#reward-code')) $('#reward-code').value = e.detail.claim.code;
    });
    await whoIsSignedIn();
    if (activeOffers().length) {
        // The summary and the widget's cart with the shopper's offers.
        syncWidgetCart(readCart());
        renderCart();
    }
    showSignedIn();
    document.body.dataset.ready = 'true';
}

init();
