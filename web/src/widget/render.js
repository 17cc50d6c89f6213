// Drawing the elements from the UI's state: the floating launcher, panel and survey card, the
// inline panel and the cart line. Each element keeps its own view (toggles, what was drawn);
// a body is rebuilt only when the state or the language changed, keeping keyboard focus.

import { focusables, h, icon, ICONS } from './dom.js';
import { formatNumber } from './format.js';
import { hasMessages, loadMessages, pickLanguage, translator } from './i18n.js';
import { localizeState } from './localize.js';
import PANEL_CSS from './panel.css';
import { cartLine, panelBody } from './panel-view.js';
import { adoptCss, giftIcon } from './shadow.js';
import { surveyCard } from './survey-view.js';

/**
 * `ctx`: {config, state, emit(name, detail, from), load(), floating(), textsFailed(error),
 * surveyActions}.
 * Returns render(el), which draws one <loyalty-widget>.
 */
export function createRenderer(ctx) {
    const { config, state, emit, floating, textsFailed, surveyActions } = ctx;
    const views = new WeakMap();

    function viewOf(el) {
        let view = views.get(el);
        if (!view) {
            view = { why: false, allHistory: false, version: -1, lang: '', surveyKey: '' };
            views.set(el, view);
        }
        return view;
    }

    /** Replaces `container`'s children, keeping focus on the control with the same data-key, or
     *  when it is gone, on the one its key starts with ("pay-remove" -> "pay"). */
    function replace(root, container, children) {
        const active = root.activeElement;
        const key = active && container.contains(active) ? active.getAttribute('data-key') : null;
        container.replaceChildren(...children.flat().filter(Boolean));
        if (key) {
            const again = container.querySelector(`[data-key="${key}"]`) || container.querySelector(`[data-key="${key.split('-')[0]}"]`);
            if (again) again.focus();
        }
    }

    function context(el, view) {
        const lang = pickLanguage(el.lang);
        return {
            t: translator(lang),
            lang,
            state: localizeState(state, lang), // a few shallow copies: cheap per drawing
            view,
            claims: ctx.claims,
            referral: ctx.referral,
            loginUrl: config.loginUrl,
            actions: {
                rerender: () => {
                    view.version = -1;
                    el.requestRender();
                },
                selectReward: (reward) => (ctx.claims ? ctx.claims.ask(reward) : emit('reward-selected', { reward }, el)),
                selectPoints: (detail) => emit('points-selected', detail, el),
                retry: () => ctx.load(),
            },
        };
    }

    function ensurePanel(el, root, v, floatingMode) {
        let panel = root.querySelector('.panel');
        if (!panel) {
            const title = h('h2', { id: 'lw-title', tabindex: '-1' });
            const head = h('div', { class: 'head' }, title);
            if (floatingMode) {
                head.append(
                    h('button', { type: 'button', class: 'icon-btn', 'aria-label': v.t('close'), 'data-key': 'close', onclick: () => (el.open = false) }, icon(ICONS.close)),
                );
            }
            panel = h(
                'div',
                floatingMode
                    ? { class: 'panel', id: 'lw-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'lw-title' }
                    : { class: 'panel', role: 'region', 'aria-labelledby': 'lw-title' },
                head,
                h('div', { class: 'body' }),
            );
            if (floatingMode) {
                panel.addEventListener('keydown', (e) => trapFocus(e, panel));
                root.prepend(panel);
                queueMicrotask(() => title.focus());
            } else root.append(panel);
            v.view.version = -1;
        }
        if (v.view.version !== state.version || v.view.lang !== v.lang) {
            panel.querySelector('h2').textContent = (v.state.summary && v.state.summary.name) || v.t('panel_title');
            const close = panel.querySelector('[data-key=close]');
            if (close) close.setAttribute('aria-label', v.t('close'));
            replace(root, panel.querySelector('.body'), panelBody(v));
            panel.querySelector('.body').setAttribute('aria-busy', String(state.phase === 'loading'));
        }
        return panel;
    }

    function trapFocus(e, panel) {
        if (e.key !== 'Tab') return;
        const items = focusables(panel);
        if (items.length === 0) return;
        const root = panel.getRootNode();
        const first = items[0];
        const last = items[items.length - 1];
        const active = root.activeElement;
        if (e.shiftKey && (active === first || !panel.contains(active) || active === panel.querySelector('h2'))) {
            e.preventDefault();
            last.focus();
        } else if (!e.shiftKey && active === last) {
            e.preventDefault();
            first.focus();
        }
    }

    function wireFloating(el, root, view) {
        if (view.wired) return;
        view.wired = true;
        root.addEventListener('keydown', (e) => {
            if (e.key !== 'Escape') return;
            if (el.open) el.open = false;
            else if (root.activeElement?.closest('.survey')) surveyActions.dismiss();
            else return;
            e.stopPropagation();
        });
        document.addEventListener('pointerdown', (e) => {
            if (el.open && el.isConnected && !e.composedPath().includes(el)) el.open = false;
        });
    }

    function renderFloating(el, root, v) {
        const { view, t } = v;
        wireFloating(el, root, view);
        if (view.open !== el.open) {
            if (view.open !== undefined || el.open) el.dispatch(el.open ? 'open' : 'close', {});
            view.open = el.open;
        }
        let live = root.querySelector('.live');
        if (!live) {
            live = h('div', { class: 'sr live', 'aria-live': 'polite' });
            root.prepend(live);
        }
        // The launcher; its accessible name carries the balance once known.
        let button = root.querySelector('.launcher');
        if (el.mode === 'launcher') {
            if (!button) {
                button = h('button', { type: 'button', class: 'launcher', part: 'launcher', 'aria-haspopup': 'dialog', onclick: () => (el.open = !el.open) }, giftIcon(), h('span'));
                root.append(button);
            }
            // The label never changes width (a fixed element that grows moves its left edge: a
            // layout shift); the balance is in its accessible name.
            button.lastChild.textContent = t('launcher');
            const balance = state.status ? ': ' + t('points_n', { n: formatNumber(state.status.balance, v.lang), count: state.status.balance }) : '';
            button.setAttribute('aria-label', t('launcher') + balance);
            button.setAttribute('aria-expanded', String(el.open));
        } else if (button) button.remove();

        const panel = root.querySelector('.panel');
        if (el.open) ensurePanel(el, root, v, true);
        else if (panel) {
            const hadFocus = panel.contains(root.activeElement);
            panel.remove();
            if (hadFocus && button) button.focus();
        }
        // The closed panel is not in the DOM: aria-controls names it only while it is.
        if (button && el.open) button.setAttribute('aria-controls', 'lw-panel');
        else if (button) button.removeAttribute('aria-controls');

        const s = state.survey;
        let card = root.querySelector('.survey');
        if (s && el === floating() && !el.open) {
            const key = `${s.settings.id}:${s.step}:${v.lang}`;
            if (!card || view.surveyKey !== key) {
                const next = surveyCard(s, v.lang, t, surveyActions);
                const area = next.querySelector('textarea');
                if (area) area.addEventListener('input', () => surveyActions.input(area.value));
                const hadFocus = card && card.contains(root.activeElement);
                if (card) card.replaceWith(next);
                else root.insertBefore(next, button || null);
                if (!card) live.textContent = t('survey_appeared');
                card = next;
                view.surveyKey = key;
                const target = s.focus && card.querySelector(`[data-key="${s.focus}"]`);
                s.focus = null;
                if (target) target.focus();
                else if (hadFocus && button) button.focus(); // the control pressed is gone
            }
        } else if (card) {
            card.remove();
            view.surveyKey = '';
        }
    }

    function renderInline(el, root, v) {
        const skeleton = root.querySelector('.skeleton');
        if (skeleton) skeleton.remove();
        ensurePanel(el, root, v, false);
    }

    function renderCart(el, root, v) {
        const skeleton = root.querySelector('.skeleton');
        if (skeleton) skeleton.remove();
        let box = root.querySelector('.cartline');
        if (!box) {
            box = h('div', { class: 'cartline', 'aria-live': 'polite' });
            root.append(box);
            v.view.version = -1;
        }
        if (v.view.version !== state.version || v.view.lang !== v.lang) {
            replace(root, box, cartLine(v));
            box.hidden = box.childNodes.length === 0;
        }
    }

    return function render(el) {
        // The element's language texts come in a file of their own (usually already on their
        // way: the UI asks for the page's language first thing); draw once they are here.
        const lang = pickLanguage(el.lang);
        if (!hasMessages(lang)) {
            loadMessages(lang).then(
                () => el.requestRender(),
                (e) => textsFailed(e),
            );
            return;
        }
        const root = el.shadowRoot;
        adoptCss(root, PANEL_CSS, config.nonce);
        const view = viewOf(el);
        const v = context(el, view);
        if (el.mode === 'inline') renderInline(el, root, v);
        else if (el.mode === 'cart') renderCart(el, root, v);
        else renderFloating(el, root, v);
        view.version = state.version;
        view.lang = v.lang;
    };
}
