// The panel's content built from the core's answers (status, preview, validate summary). Every
// value from data is set as text. `v` is the view context the UI passes in:
//   {t, lang, state, view (per-element toggles), actions: {rerender, selectReward, retry}}

import { daysBetween, formatDate, formatDecimal, formatMoney, formatNumber, formatRelativeDays, formatShare, formatShortDate } from './format.js';
import { explainContext, explainLines, historyTitle, signedPoints } from './explain.js';
import { choosePoints, pointsChoices } from './cart.js';
import { translationsFor } from './localize.js';
import { currentOffers, describeOffer, nextOfferChange, offerCountdown } from './offers.js';
import { showsData } from './controller.js';
import { h, icon, ICONS } from './dom.js';

function money(v, minor) {
    const s = v.state.summary || {};
    return formatMoney(minor, s.currency || 'RUB', s.currency_exponent, v.lang);
}

function pointsN(v, n) {
    return v.t('points_n', { n: formatNumber(n, v.lang), count: n });
}

function percentOf(fraction) {
    const f = Number(fraction);
    return Number.isFinite(f) ? Math.max(0, Math.min(100, Math.round(f * 1000) / 10)) : 0;
}

/** A progress bar; its width is set through the CSSOM (allowed under any style-src). */
function bar(percent, label, className = 'bar') {
    const fill = h('span', { class: 'fill' });
    fill.style.setProperty('--p', percent + '%');
    const attrs = { class: className };
    if (label) {
        Object.assign(attrs, {
            role: 'progressbar',
            'aria-valuemin': 0,
            'aria-valuemax': 100,
            'aria-valuenow': percent,
            'aria-label': label,
        });
    } else attrs['aria-hidden'] = 'true';
    return h('span', attrs, fill);
}

function balanceSection(v, status) {
    const { t, lang } = v;
    const lots = (status.expiring && status.expiring.lots) || [];
    return h(
        'section',
        { class: 'balance', 'aria-label': t('balance') },
        h('h3', {}, t('balance')),
        h(
            'p',
            { class: 'big' },
            h('span', { class: 'num' }, formatNumber(status.balance, lang)),
            h('span', { class: 'unit' }, t('points', { count: status.balance })),
        ),
        status.balance > 0 ? h('p', { class: 'muted' }, t('balance_worth', { money: money(v, status.balance_value) })) : null,
        lots.slice(0, 2).map((lot) => {
            const days = daysBetween(status.now, lot.expires_at);
            const when = formatDate(lot.expires_at, lang, status.now) + (days !== null && days >= 0 ? ` (${formatRelativeDays(days, lang)})` : '');
            return h('p', { class: 'expiring' }, icon(ICONS.flame), t('expiring', { n: formatNumber(lot.points, lang), count: lot.points, date: when }));
        }),
    );
}

/** The names a gift offer's product goes by: the program's display translations
 *  (`products`), else the names the cart gave. */
function productNamesOf(v) {
    const tr = translationsFor(v.state.program, v.lang);
    const products = tr && tr.products && typeof tr.products === 'object' ? tr.products : {};
    return { ...v.state.productNames, ...products };
}

/** "Your offers": the shopper's personal offers not ended by the widget's clock (the shop's),
 *  what each gives, its title (the shop's text) and how long it lasts. Drawn again when that
 *  changes (an offer ends, an hours countdown ticks). */
function offersSection(v) {
    const { t } = v;
    const list = v.state.response && v.state.response.offers;
    const now = Date.now() + (v.state.clock || 0);
    clearTimeout(v.view.offersTimer);
    const wait = nextOfferChange(list, now);
    if (wait !== null) v.view.offersTimer = setTimeout(v.actions.rerender, Math.min(wait, 2 ** 31 - 1));
    const offers = currentOffers(list, now);
    if (!offers.length) return null;
    const names = productNamesOf(v);
    return h(
        'section',
        { class: 'offers', 'aria-label': t('offers') },
        h('h3', {}, t('offers')),
        h(
            'ul',
            { class: 'list offers-list' },
            offers.map((o) =>
                h(
                    'li',
                    { class: o.active ? 'active' : 'scheduled', 'data-offer': o.id },
                    h(
                        'div',
                        { class: 'o-main' },
                        icon(ICONS.star),
                        h('strong', {}, describeOffer(t, o, names)),
                        typeof o.title === 'string' && o.title ? h('span', { class: 'o-title muted small' }, o.title) : null,
                    ),
                    h('span', { class: 'o-when muted small' }, offerCountdown(t, o, now)),
                ),
            ),
        ),
    );
}

function tierSection(v, tier) {
    const { t, lang } = v;
    const next = tier.next;
    const spend = tier.basis === 'spend';
    const multiplier = tier.multiplier && tier.multiplier !== '1' ? t('tier_multiplier', { factor: formatDecimal(tier.multiplier, lang) }) : null;
    const children = [
        h('h3', {}, t('tier')),
        h('div', { class: 'tier-row' }, h('span', { class: 'tier-name' }, tier.name), multiplier ? h('span', { class: 'chip' }, multiplier) : null),
    ];
    if (next) {
        const percent = percentOf(next.fraction);
        const amount = spend ? money(v, next.remaining) : pointsN(v, next.remaining);
        children.push(
            bar(percent, t('tier_progress', { name: next.name })),
            h('p', {}, t(spend ? 'tier_next_spend' : 'tier_next_points', { amount, name: next.name })),
        );
        if (next.perks && next.perks.length) {
            children.push(
                h('p', { class: 'muted small' }, t('tier_next_perks', { name: next.name })),
                h('ul', { class: 'perks' }, next.perks.map((p) => h('li', {}, p))),
            );
        }
    } else {
        children.push(h('p', { class: 'muted' }, t('tier_top')));
    }
    if (tier.lapses_at) {
        children.push(h('p', { class: 'muted small' }, t('tier_lapses', { date: formatDate(tier.lapses_at, lang, v.state.status && v.state.status.now) })));
    }
    return h('section', { class: 'tier', 'aria-label': t('tier') }, children);
}

/** The "why?" list of an explanation, with the total line. */
function whyList(v, id, lines, total) {
    const ctx = explainContext(v.t, v.state.summary, v.state.productNames, v.state.categoryNames);
    return h(
        'ul',
        { class: 'why', id, hidden: !v.view.why },
        explainLines(ctx, lines).map((row) => h('li', {}, h('span', {}, row.text), h('span', {}, row.points))),
        h('li', { class: 'total' }, h('span', {}, v.t('w_total')), h('span', {}, signedPoints(total, v.lang))),
    );
}

/** A link-like button that shows or hides `controls` (the view's flag `name`). */
function toggleButton(v, name, controls, shown, hidden) {
    const open = Boolean(v.view[name]);
    return h(
        'button',
        {
            type: 'button',
            class: 'link',
            'aria-expanded': String(open),
            'aria-controls': controls,
            'data-key': name,
            onclick: () => {
                v.view[name] = !open;
                v.actions.rerender();
            },
        },
        open ? shown : hidden,
    );
}

/**
 * Paying with points: a slider over the bookable amounts (from the smallest to max_points, by
 * `step`; it starts at the points the cart redeems, else at the maximum), the money it buys as it
 * moves (also its aria-valuetext), "Use points", and once the cart redeems points, "Remove".
 * The buttons send loyalty:points-selected {points, discount}; the site applies it with setCart.
 */
function payControl(v, p, choices) {
    const { t, view } = v;
    const value = p.redeem.point_value;
    const applied = p.points_redeemed > 0;
    const start = choosePoints(view.points ?? (applied ? p.points_redeemed : NaN), choices);
    const said = (n) => t('pay_value', { points: pointsN(v, n), money: money(v, n * value) });
    const slide = choices.min < choices.max;
    const out = h('span', { class: 'pay-value', 'aria-hidden': slide ? 'true' : null }, said(start));
    const range = slide
        ? h('input', {
              type: 'range',
              id: 'lw-pay',
              'data-key': 'pay-range',
              min: choices.min,
              max: choices.max,
              step: choices.step,
              value: start,
              'aria-valuetext': said(start),
              oninput: () => {
                  view.points = Number(range.value);
                  out.textContent = said(view.points);
                  range.setAttribute('aria-valuetext', out.textContent);
              },
          })
        : null;
    const select = (points) => {
        view.points = null;
        v.actions.selectPoints({ points, discount: points * value });
    };
    return h(
        'div',
        { class: 'pay', id: 'lw-pay-box' },
        slide ? [h('label', { for: 'lw-pay' }, t('pay_label')), range] : null,
        h(
            'div',
            { class: 'pay-row' },
            out,
            h('button', { type: 'button', class: 'btn', 'data-key': 'pay', onclick: () => select(choosePoints(range ? Number(range.value) : start, choices)) }, t(applied ? 'pay_change' : 'pay_apply')),
            applied ? h('button', { type: 'button', class: 'btn secondary', 'data-key': 'pay-remove', onclick: () => select(0) }, t('pay_remove')) : null,
        ),
    );
}

/** What the cart earns and how much of it points can pay; null without a preview. */
export function cartBlock(v, { compact = false } = {}) {
    const { t } = v;
    const p = v.state.preview;
    if (!p) return null;
    const guest = !v.state.customer;
    const earned = p.earn.points;
    const redeem = p.redeem || {};
    const parts = [
        h(
            'div',
            { class: 'earn-row' },
            h('span', {}, t(guest ? 'cart_earn_guest' : 'cart_earn')),
            h('strong', {}, t('plus_points_n', { n: formatNumber(earned, v.lang), count: earned })),
            toggleButton(v, 'why', 'lw-why', t('why_hide'), t('why')),
        ),
        whyList(v, 'lw-why', p.earn.explanation, earned),
        // What each personal offer took off (a points multiplier takes nothing: no line).
        (p.offers_applied || [])
            .filter((o) => o.goods + o.shipping > 0)
            .map((o) => h('p', { class: 'ok offer-off', 'data-offer': o.offer_id }, t('cart_offer', { money: money(v, o.goods + o.shipping) }))),
    ];
    if (!guest) {
        const choices = pointsChoices(redeem);
        // The site asked for points the core refused (the preview shown is without them).
        if (p.points_refused) {
            const range = choices && t('pay_range', { min: formatNumber(choices.min, v.lang), max: pointsN(v, choices.max), step: formatNumber(choices.step, v.lang) });
            parts.push(h('p', { class: 'bad', role: 'status' }, t('pay_refused', { points: pointsN(v, p.points_refused) }), range ? ' ' + range : null));
        }
        if (choices) {
            const applied = p.points_redeemed > 0;
            // The cart line (mode="cart") keeps to its reserved height: its control opens on demand.
            const open = !compact || v.view.payOpen;
            parts.push(
                h(
                    'p',
                    { class: applied ? 'ok' : null },
                    applied
                        ? t('pay_applied', { points: pointsN(v, p.points_redeemed), money: money(v, p.points_redeemed * redeem.point_value) }) + ' ' + t('pay_total', { money: money(v, p.total) })
                        : t('cart_pay', { money: money(v, redeem.max_discount) }) + ' ' + t('cart_pay_points', { points: pointsN(v, redeem.max_points) }),
                    compact ? [' ', toggleButton(v, 'payOpen', 'lw-pay-box', t('why_hide'), t(applied ? 'pay_change' : 'pay_choose'))] : null,
                ),
                open ? payControl(v, p, choices) : null,
            );
        } else if (redeem.min_points > 0 && !compact) {
            parts.push(h('p', { class: 'muted small' }, t('cart_pay_none', { points: pointsN(v, redeem.min_points) })));
        }
        if (p.tier_changed && p.tier_after) parts.push(h('p', { class: 'ok' }, t('cart_tier_up', { name: p.tier_after.name })));
    }
    return parts;
}

function cartSection(v) {
    const block = cartBlock(v);
    if (!block) return null;
    return h('section', { class: 'cart', 'aria-label': v.t('cart') }, h('h3', {}, v.t('cart')), h('div', { class: 'cart-box' }, block));
}

function rewardState(v, r, tierNames) {
    const { t } = v;
    if (!r.tier_ok && r.min_tier) return h('span', { class: 'muted' }, t('reward_tier', { name: tierNames[r.min_tier] || r.min_tier }));
    if (r.order_ok === false && r.min_order) return h('span', { class: 'muted' }, t('reward_min_order', { money: money(v, r.min_order) }));
    if (r.available || (r.affordable && r.order_ok === undefined)) {
        return h(
            'button',
            {
                type: 'button',
                class: 'btn',
                'data-key': 'reward-' + r.id,
                'aria-label': t('reward_choose_label', { name: r.name }),
                onclick: () => v.actions.selectReward(r),
            },
            t('reward_choose'),
        );
    }
    const have = Math.max(0, r.cost - r.points_missing);
    return h(
        'span',
        { class: 'missing' },
        t('reward_missing', { n: formatNumber(r.points_missing, v.lang), count: r.points_missing }),
        bar(r.cost > 0 ? Math.floor((have / r.cost) * 100) : 0, null, 'mini'),
    );
}

/** A copy button for `text`; it says "Copied" once the clipboard has it. */
function copyButton(v, text, key) {
    const b = h('button', { type: 'button', class: 'btn secondary', 'data-key': key }, v.t('copy'));
    b.onclick = () => navigator.clipboard?.writeText(text).then(() => (b.textContent = v.t('copied')), () => {});
    return b;
}

/** The code with its copy button and expiry. */
function codeLine(v, c, key) {
    return h('p', { class: 'code-line' }, h('strong', { class: 'code' }, c.code), ' ', copyButton(v, c.code, key), h('span', { class: 'muted small' }, v.t('code_until', { date: formatShortDate(c.expires_at, v.lang) })));
}

/** Why a claim was refused: a sentence in the shopper's language where the server's error code
 *  (docs/api.md, "Error codes") says something the shopper can act on: too few points, a higher
 *  tier, a reward gone (each about the reward asked for), signed out; else the server's words. */
const REWARD_REFUSALS = new Set(['not_enough_points', 'not_allowed', 'unknown_reference']);
export function claimRefusalText(t, c) {
    const own = c.errorCode === 'unauthorized' || (REWARD_REFUSALS.has(c.errorCode) && c.errorPath === '/reward_id');
    return own ? t('claim_refused_' + c.errorCode) : t('claim_refused', { message: c.message });
}

/** The claim of reward `r` in progress (claims.js): confirm, sending, the code, or why not. Its
 *  main control keeps "Choose"'s data-key, so keyboard focus follows from one to the next. */
function claimBox(v, r, c) {
    const { t } = v;
    const key = 'reward-' + r.id;
    if (c.phase === 'done') return h('div', { class: 'note', role: 'status' }, h('p', { class: 'ok' }, t('claim_done')), codeLine(v, c.claim, key));
    const ask = c.phase === 'confirm' || c.phase === 'sending';
    const main = h(
        'button',
        { type: 'button', class: 'btn', 'data-key': key, 'aria-disabled': c.phase === 'sending' ? 'true' : null, onclick: () => v.claims.confirm() },
        t(c.phase === 'sending' ? 'claim_sending' : ask ? 'claim_yes' : 'retry'),
    );
    return h(
        'div',
        { class: 'note', role: ask ? null : 'alert' },
        h('p', {}, ask ? t('claim_confirm', { points: pointsN(v, r.cost), name: r.name }) : c.phase === 'failed' ? t('claim_failed') : claimRefusalText(t, c)),
        h('p', {}, c.phase === 'refused' ? null : main, ' ', h('button', { type: 'button', class: 'btn secondary', 'data-key': 'claim-cancel', onclick: () => v.claims.cancel() }, t('claim_cancel'))),
    );
}

/** "My codes": the shopper's active codes, with data-claim-endpoint. */
function codesSection(v) {
    const codes = v.claims && v.claims.codes;
    if (!codes || !codes.length) return null;
    return h('section', { 'aria-label': v.t('my_codes') }, h('h3', {}, v.t('my_codes')), h('ul', { class: 'list' }, codes.map((c) => h('li', {}, h('span', {}, c.reward_name || c.reward_id), codeLine(v, c, 'copy-' + c.id)))));
}

/** "Invite friends": the shopper's referral link with copy and share, and what it brought. */
function referralSection(v) {
    const r = v.referral && v.referral.data;
    if (!r) return null;
    const { t } = v;
    const link = new URL(v.referral.url || '/', location.href);
    link.searchParams.set(r.param || 'ref', r.code);
    const share = navigator.share
        ? h('button', { type: 'button', class: 'btn secondary', 'data-key': 'ref-share', onclick: () => navigator.share({ url: link.href, text: t('ref_title') }).catch(() => {}) }, t('ref_share'))
        : null;
    return h(
        'section',
        { 'aria-label': t('ref_title') },
        h('h3', {}, t('ref_title')),
        h('p', {}, t('ref_offer', { friend: pointsN(v, r.referee_bonus), you: pointsN(v, r.referrer_bonus) })),
        h('p', { class: 'code-line' }, h('span', { class: 'code' }, link.href), copyButton(v, link.href, 'ref-copy'), share),
        h('p', { class: 'muted small' }, t('ref_stats', { n: formatNumber(r.friends_joined, v.lang), points: pointsN(v, r.points_earned) })),
    );
}

function rewardsSection(v, rewards, { guest = false } = {}) {
    if (!rewards || rewards.length === 0) return null;
    const tierNames = Object.fromEntries(((v.state.summary && v.state.summary.tiers && v.state.summary.tiers.levels) || []).map((l) => [l.id, l.name]));
    return h(
        'section',
        { class: 'rewards-section', 'aria-label': v.t('rewards') },
        h('h3', {}, v.t('rewards')),
        h(
            'ul',
            { class: 'rewards' },
            rewards.map((r) =>
                h(
                    'li',
                    { class: r.available ? 'available' : null },
                    h('div', { class: 'r-main' }, h('span', { class: 'r-name' }, r.name), h('span', { class: 'r-cost' }, pointsN(v, r.cost))),
                    // While its claim is open, the claim box (a row of its own) replaces "Choose".
                    v.claims && v.claims.open && v.claims.open.reward.id === r.id
                        ? claimBox(v, r, v.claims.open)
                        : guest ? (r.min_tier ? h('span', { class: 'r-state muted' }, v.t('reward_tier', { name: tierNames[r.min_tier] || r.min_tier })) : null) : h('div', { class: 'r-state' }, rewardState(v, r, tierNames)),
                ),
            ),
        ),
    );
}

function historySection(v, status) {
    const { t, lang } = v;
    const ctx = explainContext(t, v.state.summary, v.state.productNames, v.state.categoryNames);
    const all = status.history || [];
    const shown = v.view.allHistory ? all : all.slice(0, 5);
    return h(
        'section',
        { class: 'history-section', 'aria-label': t('history') },
        h('h3', {}, t('history')),
        all.length === 0
            ? h('p', { class: 'muted' }, t('history_empty'))
            : h(
                  'ol',
                  { class: 'history' },
                  shown.map((e) =>
                      h(
                          'li',
                          {},
                          h('span', {}, historyTitle(ctx, e)),
                          h('span', { class: 'h-pts' + (e.points > 0 ? ' plus' : '') }, signedPoints(e.points, lang)),
                          h('span', { class: 'h-date' }, formatShortDate(e.at, lang)),
                      ),
                  ),
              ),
        all.length > shown.length
            ? h(
                  'button',
                  {
                      type: 'button',
                      class: 'link',
                      'data-key': 'history-all',
                      onclick: () => {
                          v.view.allHistory = true;
                          v.actions.rerender();
                      },
                  },
                  t('history_all'),
              )
            : null,
    );
}

/** "How it works" for a guest (or when the balance could not be loaded), from the summary. */
function programSection(v) {
    const { t, lang } = v;
    const s = v.state.summary;
    const earn = s.earn || {};
    const red = s.redemption || {};
    const facts = [
        t('guest_earn', { points: pointsN(v, earn.points), money: money(v, earn.per_amount) }),
        red.point_value ? t('guest_pay', { money: money(v, red.point_value), share: formatShare(red.max_share || '1', lang) }) : null,
    ].filter(Boolean);
    const b = s.bonuses || {};
    const bonuses = ['signup', 'first_purchase', 'birthday', 'review', 'referral_referrer', 'referral_referee'].filter((k) => b[k] > 0).map((k) => [k, b[k]]);
    const levels = (s.tiers && s.tiers.levels) || [];
    const tiers = s.tiers || {};
    return [
        h(
            'section',
            { 'aria-label': t('guest_title') },
            h('h3', {}, t('guest_title')),
            h('ul', { class: 'facts' }, facts.map((f) => h('li', {}, icon(ICONS.star), h('span', {}, f)))),
            v.loginUrl ? h('p', {}, h('a', { class: 'btn', href: v.loginUrl }, t('guest_join'))) : null,
        ),
        bonuses.length
            ? h(
                  'section',
                  { 'aria-label': t('guest_bonuses') },
                  h('h3', {}, t('guest_bonuses')),
                  h('ul', { class: 'list' }, bonuses.map(([k, n]) => h('li', {}, h('span', {}, t('bonus_' + k)), h('strong', {}, t('plus_points_n', { n: formatNumber(n, lang), count: n }))))),
              )
            : null,
        levels.length > 1
            ? h(
                  'section',
                  { 'aria-label': t('guest_tiers') },
                  h('h3', {}, t('guest_tiers')),
                  h(
                      'ul',
                      { class: 'list tiers' },
                      levels.map((l) =>
                          h(
                              'li',
                              {},
                              h('div', {}, h('strong', {}, l.name), l.multiplier !== '1' ? h('span', { class: 'chip' }, t('tier_multiplier', { factor: formatDecimal(l.multiplier, lang) })) : null),
                              l.threshold === 0
                                  ? null
                                  : h(
                                        'div',
                                        { class: 'muted small' },
                                        tiers.basis === 'points'
                                            ? t('guest_tier_from_points', { points: pointsN(v, l.threshold) })
                                            : t(spendPeriodKey(tiers), { money: money(v, l.threshold), n: formatNumber(tiers.window_days, lang), count: tiers.window_days }),
                                    ),
                          ),
                      ),
                  ),
              )
            : null,
    ];
}

/** The text of a tier's spend threshold for the programme's period (docs/program.md#tiers): a
 *  year (365 days), any other number of days, a calendar year, or a lifetime. */
export function spendPeriodKey(tiers) {
    if (tiers.requalify === 'calendar_year') return 'guest_tier_from_year';
    if (!tiers.window_days) return 'guest_tier_from_lifetime';
    return tiers.window_days === 365 ? 'guest_tier_from' : 'guest_tier_from_days';
}

/** The panel body for the current state. */
export function panelBody(v) {
    const { t, state } = v;
    if (state.phase === 'unavailable') {
        return [
            h(
                'div',
                { class: 'center' },
                // The site's own text inside <loyalty-widget> (light DOM) shows here, if it has any.
                h('slot', {}, h('p', {}, t('unavailable'))),
                h('p', {}, h('button', { type: 'button', class: 'btn secondary', 'data-key': 'retry', onclick: () => v.actions.retry() }, t('retry'))),
            ),
        ];
    }
    if (!showsData(state)) {
        return [h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted', role: 'status' }, t('loading')), h('div', { class: 'loading-row' }), h('div', { class: 'loading-row' }))];
    }
    const status = state.status;
    if (status) {
        return [
            balanceSection(v, status),
            offersSection(v),
            cartSection(v),
            status.tier ? tierSection(v, status.tier) : null,
            rewardsSection(v, (state.preview && state.preview.rewards) || status.rewards),
            codesSection(v),
            referralSection(v),
            historySection(v, status),
        ];
    }
    return [
        state.phase === 'failed' ? h('p', { class: 'note', role: 'status' }, t('customer_unavailable')) : null,
        cartSection(v),
        programSection(v),
        rewardsSection(v, state.summary.rewards, { guest: true }),
    ];
}

/** The compact line of <loyalty-widget mode="cart">. */
export function cartLine(v) {
    const { t, state } = v;
    if (!showsData(state)) return [];
    const block = cartBlock(v, { compact: true });
    if (block) return block;
    if (state.status) {
        const b = state.status.balance;
        return [h('span', {}, t('balance') + ': ', h('strong', {}, pointsN(v, b))), b > 0 ? h('span', { class: 'muted' }, t('balance_worth', { money: money(v, state.status.balance_value) })) : null];
    }
    const earn = state.summary.earn || {};
    return [icon(ICONS.star), h('span', {}, t('guest_teaser', { rule: t('guest_earn', { points: pointsN(v, earn.points), money: money(v, earn.per_amount) }) }))];
}
