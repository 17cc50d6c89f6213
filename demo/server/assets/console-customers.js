// The console's Customers section (docs/server.md, "The owner's console"): the search, a customer's
// page (balance, tier, lots, offers, codes, history, the actions on them) and the actions: adjust
// points, give or void a personal offer, void a code, each through the shell's two-step form.
// Registers the views "customers" and "customer" with console.js.
'use strict';
(() => {
    const C = window.LoyaltyConsole;
    if (!C) return;
    const { el, api, t, status, failure, SignedOut, field, dateTimeField, nextId, actionForm, reasonField, inputField, flash, auditTable, dec, fmtInt, isoFromLocal,
        locale, minorDigits, money, pts, randomId, rewardName, signed, signedPts, table, terms, tierName, tr, when, zone, zoneSeconds } = C;
    const $ = (id) => document.getElementById(id);

    // ---------------------------------------------------------------- Customers
    async function loadCustomers() {
        const q = sessionStorage.getItem('loyalty-console-q') || '';
        $('q').value = q;
        const params = new URLSearchParams({ limit: '50' });
        if (q) params.set('q', q);
        status(t('loading'));
        const r = await api('GET', '/api/admin/customers?' + params);
        status('');
        if (!r.ok) {
            $('customer-list').replaceChildren();
            $('search-note').textContent = '';
            status(failure(r), true);
            return;
        }
        const list = r.body.customers || [];
        $('search-note').textContent = !q ? t('customers.recent') : list.length ? t('customers.found', list.length, q) : t('customers.none', q);
        const cols = [{ label: t('col.customer') }, { label: t('col.email') }, { label: t('col.phone') }, { label: t('col.balanceStored'), cls: 'num' }, { label: t('col.last') }];
        $('customer-list').replaceChildren(list.length ? table(cols, list.map((c) => {
            const row = [
                el('span', {}, el('a', { href: '#customer/' + encodeURIComponent(c.id) }, c.name || c.id), c.name ? el('span', { class: 'sub' }, c.id) : null),
                c.email || '—', c.phone || '—', c.balance === null || c.balance === undefined ? '—' : pts(c.balance), when(c.last_event_at)];
            row.attrs = { 'data-customer': c.id };
            return row;
        }), 'customers') : '');
        document.body.dataset.loaded = 'true';
    }

    // ---------------------------------------------------------------- a customer's page
    async function loadCustomer(id, again = false) {
        if (!again) {  // after an action the page stays until the new one is drawn
            $('customer-title').textContent = id;
            $('customer-body').replaceChildren();
        }
        status(t('loading'));
        const base = '/api/loyalty/customers/' + encodeURIComponent(id);
        const [doc, offers, codes, audit] = await Promise.all([
            api('GET', base + '?history_limit=100'),
            api('GET', base + '/offers'),
            api('GET', base + '/codes'),
            api('GET', '/api/admin/audit?limit=50&customer_id=' + encodeURIComponent(id)),
        ]);
        if (C.view() !== 'customer' || C.customerId() !== id) return;  // left meanwhile
        status('');
        if (!doc.ok) return status(failure(doc), true);
        renderCustomer(doc.body, offers, codes, audit);
        document.body.dataset.loaded = 'true';
    }
    const reload = () => loadCustomer(C.customerId(), true).catch((err) => {
        if (!(err instanceof SignedOut)) status(t('failed', err.message), true);
    });

    function renderCustomer(doc, offers, codes, audit) {
        const c = doc.customer || {};
        const s = doc.status || {};
        const contact = doc.contact || {};
        const name = c.name || c.id;
        $('customer-title').textContent = c.name ? `${c.name}` : c.id;
        const out = [];
        if (c.name) out.push(el('p', { class: 'muted' }, c.id));
        if (!(c.events || []).length) out.push(el('p', { class: 'muted' }, t('customer.new')));

        // Summary: balance and its money, tier and progress, contacts, expiring.
        const facts = el('dl', { class: 'facts' });
        const fact = (label, value, cls) => facts.append(el('div', { class: cls }, el('dt', {}, label), el('dd', {}, value)));
        const summary = el('section', { class: 'card', 'aria-labelledby': 'sum-h' }, el('h2', { id: 'sum-h' }, t('customer.summary')));
        summary.append(el('div', { class: 'grid' },
            el('div', {},
                el('p', { class: 'label' }, t('customer.balance')),
                el('p', { class: 'big', id: 'balance', 'data-points': s.balance }, pts(s.balance || 0)),
                el('p', { class: 'muted', id: 'balance-value' }, t('customer.worth', money(s.balance_value)))),
            tierBlock(s.tier)));
        fact(t('customer.email'), contact.email || t('customer.unknown'), 'email');
        fact(t('customer.phone'), contact.phone || t('customer.unknown'), 'phone');
        // The first event may be older than the stored row (a customer imported with their past).
        const first = (c.events || []).map((e) => e.at).filter(Boolean).sort()[0];
        const since = [contact.created_at, first].filter(Boolean).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
        fact(t('customer.since'), since ? when(since, false) : t('customer.unknown'));
        const exp = s.expiring;
        if (exp) fact(t('customer.expiring'), exp.points ? t('customer.expiringSome', pts(exp.points), exp.within_days) : t('customer.expiringNone', exp.within_days), 'expiring');
        if (s.next_expiry) fact(t('customer.nextExpiry'), when(s.next_expiry, false));
        if (s.lifetime) {
            fact(t('customer.lifetime'), `${t('customer.earned')} ${fmtInt(s.lifetime.earned)} · ${t('customer.redeemed')} ${fmtInt(s.lifetime.redeemed)} · ${t('customer.expired')} ${fmtInt(s.lifetime.expired)}`);
        }
        if (s.purchases !== undefined) fact(t('customer.purchases'), fmtInt(s.purchases));
        summary.append(el('h3', {}, t('customer.contacts')), facts);
        out.push(summary);

        // Actions.
        const actions = el('section', { class: 'card', 'aria-labelledby': 'act-h' }, el('h2', { id: 'act-h' }, t('actions')));
        const forms = [adjustForm(name, s.balance || 0), offerForm(name)];
        const levels = (C.program() && C.program().tiers && C.program().tiers.levels) || [];
        if (levels.length) forms.push(tierForm(name, levels, s.tier && s.tier.floor));
        actions.append(el('div', { class: 'actions' }, forms.map((f) => el('div', { class: 'action' }, f))));
        out.push(actions);

        // Lots.
        const lots = s.lots || [];
        out.push(el('section', { class: 'card', 'aria-labelledby': 'lots-h' }, el('h2', { id: 'lots-h' }, t('lots')),
            lots.length ? table([{ label: t('col.points'), cls: 'num' }, { label: t('col.earned') }, { label: t('col.expires') }],
                lots.map((l) => [fmtInt(l.points), when(l.earned_at, false), l.expires_at ? when(l.expires_at, false) : '—']), 'lots')
                : el('p', { class: 'empty' }, t('lots.none'))));

        // Offers.
        const offerSection = el('section', { class: 'card', id: 'offers', 'aria-labelledby': 'offers-h' }, el('h2', { id: 'offers-h' }, t('offers')));
        if (!offers.ok) offerSection.append(el('p', { class: 'error' }, failure(offers)));
        else if (!(offers.body.offers || []).length) offerSection.append(el('p', { class: 'empty' }, t('offers.none')));
        else {
            offerSection.append(table([{ label: t('col.offer') }, { label: t('col.terms') }, { label: t('col.window') }, { label: t('col.uses') }, { label: t('col.status') }],
                offers.body.offers.map((o) => {
                    const open = ['active', 'scheduled'].includes(o.status);
                    const row = [
                        el('span', {}, el('strong', {}, o.id), o.title ? el('span', { class: 'sub' }, o.title) : null),
                        terms(o), `${when(o.starts)} – ${when(o.ends)}`,
                        o.uses_limit === null || o.uses_limit === undefined ? fmtInt(o.uses || 0) : `${fmtInt(o.uses || 0)} / ${fmtInt(o.uses_limit)}`,
                        el('span', {}, el('span', { class: 'badge ' + o.status }, t('status.' + o.status)), open ? voidOfferControl(o) : null),
                    ];
                    row.attrs = { 'data-offer': o.id, 'data-status': o.status };
                    return row;
                }), 'offers'));
        }
        if (flash['void-offer']) offerSection.append(flashNote('void-offer'));
        out.push(offerSection);

        // Codes.
        const codeSection = el('section', { class: 'card', id: 'codes', 'aria-labelledby': 'codes-h' }, el('h2', { id: 'codes-h' }, t('codes')));
        if (!codes.ok) codeSection.append(el('p', { class: 'error' }, failure(codes)));
        else if (!(codes.body.codes || []).length) codeSection.append(el('p', { class: 'empty' }, t('codes.none')));
        else {
            codeSection.append(table([{ label: t('col.code') }, { label: t('col.reward') }, { label: t('col.points'), cls: 'num' }, { label: t('col.created') }, { label: t('col.expires') }, { label: t('col.status') }],
                codes.body.codes.map((k) => {
                    const row = [
                        el('code', {}, k.code), tr('rewards', k.reward_id, k.reward_name || k.reward_id), fmtInt(k.points), when(k.created_at), when(k.expires_at),
                        el('span', {}, el('span', { class: 'badge ' + k.status }, t('status.' + k.status)), k.order_id ? el('span', { class: 'sub' }, k.order_id) : null,
                            k.status === 'active' ? voidCodeControl(k) : null),
                    ];
                    row.attrs = { 'data-code': k.code, 'data-status': k.status };
                    return row;
                }), 'codes'));
        }
        if (flash['void-code']) codeSection.append(flashNote('void-code'));
        out.push(codeSection);

        // History with the "why".
        const hist = s.history || [];
        const histSection = el('section', { class: 'card', id: 'history', 'aria-labelledby': 'hist-h' },
            el('h2', { id: 'hist-h' }, t('history'), s.history_total > hist.length ? el('span', { class: 'muted' }, ' · ' + t('history.of', hist.length, s.history_total)) : null));
        histSection.append(hist.length ? table([{ label: t('col.when') }, { label: t('col.what') }, { label: t('col.points'), cls: 'num' }, { label: t('col.balance'), cls: 'num' }, { label: t('col.why') }],
            hist.map((h) => {
                const row = [when(h.at), el('span', {}, t('type.' + h.type), h.id ? el('span', { class: 'sub' }, h.id) : null),
                    el('span', { class: h.points > 0 ? 'plus' : h.points < 0 ? 'minus' : '' }, (h.points > 0 ? '+' : h.points < 0 ? '−' : '') + fmtInt(Math.abs(h.points))),
                    fmtInt(h.balance), why(h)];
                row.attrs = { 'data-type': h.type, 'data-id': h.id || '' };
                return row;
            }), 'history') : el('p', { class: 'empty' }, t('history.none')));
        out.push(histSection);

        // The customer's audit entries.
        const auditSection = el('section', { class: 'card', id: 'customer-audit', 'aria-labelledby': 'audit-h' }, el('h2', { id: 'audit-h' }, t('audit')));
        if (!audit.ok) auditSection.append(el('p', { class: 'error' }, failure(audit)));
        else if (!(audit.body.entries || []).length) auditSection.append(el('p', { class: 'empty' }, t('audit.none')));
        else auditSection.append(auditTable(audit.body.entries, false));
        out.push(auditSection);

        $('customer-body').replaceChildren(...out);
    }
    function flashNote(name) {
        const f = flash[name];
        delete flash[name];
        const p = el('p', { class: 'result ' + (f.ok ? 'ok' : 'bad'), role: 'status', tabindex: '-1' }, f.text);
        requestAnimationFrame(() => p.focus());
        return p;
    }

    function tierBlock(tier) {
        const box = el('div', { class: 'tier' }, el('p', { class: 'label' }, t('customer.tier')));
        if (!tier) return box.append(el('p', {}, t('customer.noTier'))), box;
        box.append(el('p', { class: 'big', id: 'tier' }, tr('tiers', tier.id, tier.name)));
        // A tier set by hand (tiers are then at least it, docs/api.md "status").
        if (tier.floor) box.append(el('p', { class: 'muted', id: 'tier-floor' }, t('customer.floor', tierName(tier.floor.tier_id), tier.floor.until ? when(tier.floor.until) : null)));
        if (tier.next) {
            const nextName = tr('tiers', tier.next.id, tier.next.name);
            const what = tier.basis === 'spend' ? money(tier.next.remaining) : pts(tier.next.remaining);
            const label = t('customer.progress', nextName);
            box.append(el('progress', { max: '1', value: String(tier.next.fraction || 0), 'aria-label': label }),
                el('p', { class: 'muted' }, t('customer.toNext', what, nextName)));
        } else {
            box.append(el('p', { class: 'muted' }, t('customer.topTier')));
        }
        return box;
    }
    function why(h) {
        const box = el('div', {});
        if (h.reason) box.append(el('div', { class: 'reason' }, h.reason));
        const lines = (h.explanation || []).filter((x) => x.label || x.kind);
        if (lines.length) box.append(el('ul', { class: 'why' }, lines.map((x) => el('li', {}, `${lineText(x)}: ${exact(x.points)}`))));
        return box;
    }
    /** One line of the core's explanation, in words (docs/api.md, "status"). */
    function lineText(x) {
        const item = () => (x.label || '') + (x.category ? ` (${tr('categories', x.category, x.category)})` : '');
        const factor = x.factor !== undefined ? ' ×' + dec(x.factor) : '';
        switch (x.kind) {
            case 'base': case 'per_unit': {
                // earn.rules: the rule behind the line, by its (translated) name, else its id.
                const rule = x.rule && ((C.program()?.earn?.rules || []).find((r) => r.id === x.rule) || { id: x.rule });
                return item() + (x.amount !== undefined ? ` · ${money(x.amount)}` : '') + (rule ? ` · ${tr('rules', rule.id, rule.name || rule.id)}` : '');
            }
            case 'category': return t('why.category', tr('categories', x.label, x.label)) + factor;
            case 'campaign': return t('why.campaign', tr('campaigns', x.label, x.label)) + factor;
            case 'tier': return t('why.tier', tierName(x.label)) + factor;
            case 'offer': return t('why.offer', x.label) + factor;
            case 'campaign_bonus': return t('why.campaignBonus', tr('campaigns', x.label, x.label));
            case 'bonus': return t('why.bonus', t('bonus.' + x.label));
            case 'excluded': return t('why.excluded', item());
            case 'refund': return t('why.refund', money(x.amount || 0));
            case 'reward': return t('why.reward', tr('rewards', x.label, rewardName(x.label)));
            case 'expiry': return t('why.expiry', x.label || '');
            case 'inactivity': return t('why.inactivity', x.label || '');
            case 'redemption': case 'redeemed_on_order': return t('why.redemption', x.label || '');
            case 'tier_floor': return x.label ? t('why.tierFloor', tierName(x.label)) : t('why.tierFloorOff');
            case 'rounding': case 'first_purchase': case 'min_order': case 'redeemed_returned': case 'adjustment':
                return t('why.' + x.kind);
            default: return x.label || x.kind;
        }
    }
    /** The core's exact points ("37.50", "-859/2684"), signed, with a minus sign. */
    const exact = (p) => {
        const v = String(p);
        const neg = v.startsWith('-');
        const abs = neg ? v.slice(1) : v;
        const places = (abs.split('.')[1] || '').length;  // every digit the core wrote: "37.50"
        const shown = abs.includes('/') ? abs
            : new Intl.NumberFormat(locale(), { minimumFractionDigits: places, maximumFractionDigits: places }).format(Number(abs));
        return (neg ? '−' : /[1-9]/.test(abs) ? '+' : '') + shown;
    };

    // What was typed in this customer's forms, kept while the page is drawn again (another
    // language) and forgotten with another customer or once the action is done.
    const drafts = { customer: null, forms: {} };
    function draftOf(form) {
        if (drafts.customer !== C.customerId()) Object.assign(drafts, { customer: C.customerId(), forms: {} });
        return (drafts.forms[form] = drafts.forms[form] || {});
    }

    function adjustForm(name, balance) {
        const points = inputField('points', t('adjust.points'), { type: 'number', step: '1', inputmode: 'numeric', required: true });
        const reason = reasonField(t('adjust.reason'));
        return actionForm({
            name: 'adjust', title: t('adjust.title'), fields: [points, reason], confirmLabel: t('adjust.go'), draft: draftOf('adjust'),
            read() {
                const errors = [];
                const p = Number(points.input.value);
                if (!points.input.value || !Number.isInteger(p) || p === 0) errors.push({ path: '/points', message: t('adjust.needPoints') });
                if (!reason.input.value.trim()) errors.push({ path: '/reason', message: t('needReason') });
                return { values: { points: p, reason: reason.input.value.trim() }, errors };
            },
            describe: (v) => t('adjust.confirm', name, signedPts(v.points), pts(balance), pts(balance + v.points)),
            send: (v, attempt) => api('POST', `/api/loyalty/customers/${encodeURIComponent(C.customerId())}/events`,
                { type: 'adjustment', id: 'console-' + attempt, points: v.points, reason: v.reason }),
            done: (r, v) => (r.body.duplicate ? t('adjust.dup') : t('adjust.done', signedPts(v.points), pts(r.body.status ? r.body.status.balance : balance + v.points))),
            after: reload,
        });
    }

    /** Set a tier by hand: a floor the customer's tier does not fall below (until a date, or with
     *  no end), or remove the one set (docs/server.md, "POST /api/loyalty/customers/{id}/events"). */
    function tierForm(name, levels, floor) {
        const level = { name: 'tier_id', ...field(t('floor.tier'), el('select', { name: 'tier_id' },
            [el('option', { value: '' }, t('floor.none')), ...levels.map((l) => el('option', { value: l.id }, tierName(l.id)))])) };
        if (floor) level.input.value = floor.tier_id;
        const f = dateTimeField({ id: nextId('f'), name: 'until', label: t('floor.until'), what: t('floor.untilWhat'), note: t('offer.zone', zone()) });
        const until = { name: 'until', wrap: f.wrap, input: f.date, inputs: [f.date, f.time], field: f };
        const reason = reasonField(t('floor.reason'));
        return actionForm({
            name: 'floor', title: t('floor.title'), fields: [level, until, reason], confirmLabel: t('floor.go'), draft: draftOf('floor'),
            read() {
                const errors = [];
                const v = { tier_id: level.input.value || null };
                const wrong = f.problems();
                for (const w of wrong) errors.push({ path: '/until', message: w.message, input: w.input });
                if (!wrong.length && f.value) v.until = isoFromLocal(f.value);
                if (v.tier_id === null && !floor) errors.push({ path: '/tier_id', message: t('floor.needTier') });
                v.reason = reason.input.value.trim();
                if (!v.reason) errors.push({ path: '/reason', message: t('needReason') });
                return { values: v, errors };
            },
            describe: (v) => (v.tier_id ? t('floor.confirm', name, tierName(v.tier_id), v.until ? when(v.until) : null) : t('floor.confirmOff', name)),
            send: (v, attempt) => api('POST', `/api/loyalty/customers/${encodeURIComponent(C.customerId())}/events`,
                { type: 'tier', id: 'console-tier-' + attempt, ...v }),
            done: (r) => (r.body.duplicate ? t('adjust.dup') : t('floor.done', r.body.status && r.body.status.tier ? tierName(r.body.status.tier.id) : '')),
            after: reload,
        });
    }

    function offerForm(name) {
        const today = new Date(Date.now() + zoneSeconds() * 1000).toISOString().slice(0, 10).replace(/-/g, '');
        const id = inputField('id', t('offer.id'), { type: 'text', maxlength: '64', value: `console-${today}-${randomId().slice(0, 4)}`, spellcheck: 'false', autocomplete: 'off' });
        const kind = { name: 'kind', ...field(t('offer.kind'), el('select', { name: 'kind' },
            ['percent_off', 'free_shipping', 'gift', 'points_multiplier'].map((k) => el('option', { value: k }, t('kind.' + k))))) };
        const percent = inputField('percent', t('offer.percent'), { type: 'number', min: '1', max: '100', step: 'any', inputmode: 'decimal' });
        const multiplier = inputField('multiplier', t('offer.multiplier'), { type: 'number', min: '1', max: '100', step: 'any', inputmode: 'decimal' });
        const product = inputField('product_id', t('offer.product'), { type: 'text', autocomplete: 'off', spellcheck: 'false' });
        const value = inputField('value', t('offer.value', (C.program() && C.program().currency) || ''), { type: 'number', min: '0', step: 'any', inputmode: 'decimal' });
        const title = inputField('title', t('offer.name'), { type: 'text', maxlength: '200' });
        // Dates in the console's language on the programme's clock (console.js, dateTimeField).
        const dateTime = (name, label, what, required, note) => {
            const f = dateTimeField({ id: nextId('f'), name, label, what, required, note });
            return { name, wrap: f.wrap, input: f.date, inputs: [f.date, f.time], field: f };
        };
        const starts = dateTime('starts', t('offer.starts'), t('offer.startsWhat'), false);
        const ends = dateTime('ends', t('offer.ends'), t('offer.endsWhat'), true, t('offer.zone', zone()));
        const uses = inputField('uses', t('offer.uses'), { type: 'number', min: '1', step: '1', inputmode: 'numeric' });
        const reason = reasonField(t('offer.reason'));
        const byKind = { percent_off: [percent], points_multiplier: [multiplier], gift: [product, value], free_shipping: [] };
        const sync = () => {
            for (const f of [percent, multiplier, product, value]) f.wrap.hidden = !byKind[kind.input.value].includes(f);
        };
        kind.input.addEventListener('change', sync);
        sync();
        const digits = minorDigits();
        return actionForm({
            name: 'offer', title: t('offer.title'), confirmLabel: t('offer.go'), draft: draftOf('offer'),
            fields: [id, kind, percent, multiplier, product, value, title, starts, ends, uses, reason],
            read() {
                const errors = [];
                const v = { id: id.input.value.trim(), kind: kind.input.value };
                if (!/^[A-Za-z0-9._-]{1,64}$/.test(v.id)) errors.push({ path: '/id', message: t('offer.needId') });
                if (v.kind === 'percent_off') {
                    const p = Number(percent.input.value);
                    if (!percent.input.value || !(p > 0 && p <= 100)) errors.push({ path: '/percent', message: t('offer.needPercent') });
                    v.percent = percent.input.value + '%';
                }
                if (v.kind === 'points_multiplier') {
                    const m = Number(multiplier.input.value);
                    if (!multiplier.input.value || !(m >= 1 && m <= 100)) errors.push({ path: '/multiplier', message: t('offer.needMultiplier') });
                    v.multiplier = multiplier.input.value;
                }
                if (v.kind === 'gift') {
                    v.product_id = product.input.value.trim();
                    if (!v.product_id) errors.push({ path: '/product_id', message: t('offer.needProduct') });
                    if (value.input.value) v.value = Math.round(Number(value.input.value) * 10 ** digits);
                }
                if (title.input.value.trim()) v.title = title.input.value.trim();
                for (const f of [starts, ends]) {
                    const wrong = f.field.problems();
                    for (const w of wrong) errors.push({ path: '/' + f.name, message: w.message, input: w.input });
                    if (!wrong.length && f.field.value) v[f.name] = isoFromLocal(f.field.value);
                }
                if (uses.input.value) v.uses = Number(uses.input.value);
                v.reason = reason.input.value.trim();
                if (!v.reason) errors.push({ path: '/reason', message: t('needReason') });
                return { values: v, errors };
            },
            describe: (v) => t('offer.confirm', name, terms(v), v.starts ? when(v.starts) : t('offer.now'), when(v.ends), v.uses ? t('uses.n', v.uses) : ''),
            send: (v) => api('POST', `/api/loyalty/customers/${encodeURIComponent(C.customerId())}/offers`, v),
            done: (r, v) => (r.body.duplicate ? t('offer.dup', v.id) : t('offer.done', v.id)),
            after: reload,
        });
    }

    /** A "Void…" button that opens a small reason-and-confirm form in a row of its own under the
     *  table row it is in (the whole width, not the narrow status cell). */
    function voidControl(label, target, build) {
        const box = el('div', { class: 'inline-void' });
        const open = el('button', { type: 'button', class: 'quiet open-void', 'aria-expanded': 'false' }, label);
        let row = null;
        const closeIt = () => {
            if (row) row.remove();
            row = null;
            open.setAttribute('aria-expanded', 'false');
        };
        open.addEventListener('click', () => {
            if (row) return closeIt();
            const tr = open.closest('tr');
            const form = build(() => {
                closeIt();
                open.focus();
            });
            row = el('tr', { class: 'void-row', 'data-for': target }, el('td', { class: 'void-cell', colspan: String(tr.children.length) }, form));
            tr.after(row);
            open.setAttribute('aria-expanded', 'true');
            form.querySelector('textarea').focus();
        });
        box.append(open);
        return box;
    }
    /** A void (of an offer or a code) behind its own button: a required reason, a review, the call. */
    function reasonedVoid(label, id, form) {
        return voidControl(label, id, (closeIt) => {
            const reason = reasonField(t('void.reason'));
            return actionForm({
                ...form, fields: [reason], danger: true,
                extraButtons: [el('button', { type: 'button', class: 'quiet', onclick: closeIt }, t('close'))],
                read: () => ({ values: { reason: reason.input.value.trim() }, errors: reason.input.value.trim() ? [] : [{ path: '/reason', message: t('needReason') }] }),
                after: reload,
            });
        });
    }
    function voidOfferControl(o) {
        return reasonedVoid(t('void.offer'), o.id, {
            name: 'void-offer', confirmLabel: t('void.offerGo'),
            describe: () => t('void.offerConfirm', o.id),
            send: (v) => api('POST', `/api/loyalty/customers/${encodeURIComponent(C.customerId())}/offers/${encodeURIComponent(o.id)}/void`, { reason: v.reason }),
            done: () => t('void.offerDone', o.id),
        });
    }
    function voidCodeControl(k) {
        return reasonedVoid(t('void.code'), k.code, {
            name: 'void-code', confirmLabel: t('void.codeGo'),
            describe: () => t('void.codeConfirm', k.code, pts(k.points)),
            send: (v) => api('POST', `/api/loyalty/codes/${encodeURIComponent(k.code)}/void`, { reason: v.reason }),
            done: (r) => (r.status === 200 && !r.body.returned ? t('void.codeDup', k.code) : t('void.codeDone', k.code, pts(r.body.returned ?? k.points))),
        });
    }

    C.register('customers', {
        show: () => loadCustomers(),
        init() {
            $('search-form').addEventListener('submit', (e) => {
                e.preventDefault();
                sessionStorage.setItem('loyalty-console-q', $('q').value.trim());
                loadCustomers().catch((err) => {
                    if (!(err instanceof SignedOut)) status(t('failed', err.message), true);
                });
            });
        },
    });
    C.register('customer', { show: (where) => loadCustomer(where.id), text: { lineText } }); // text: for tests/js/console-customers.test.mjs
})();
