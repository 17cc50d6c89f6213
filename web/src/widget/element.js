// <loyalty-widget>: the element a page holds. Attributes are the truth (mode, open, lang, theme,
// position); getters validate them and fall back to documented defaults. Many attribute changes
// make one render, in a microtask. Events bubble and are composed.
//
// The element ships in the loader so the launcher shows at once; everything else (the panel, the
// cart line, the survey) is drawn by the UI chunk, which the element asks for only when needed:
// the panel is opened (or the launcher hovered or focused), the element is inline, or a cart is set.

import BASE_CSS from './base.css';
import { adoptCss, giftIcon } from './shadow.js';

/** Enumerated attributes: allowed values, the first being the default for anything else.
 *  mode: "launcher" (floating button and panel), "inline" (the panel in the page), "cart" (what
 *  the cart earns, in the page), "survey" (floating, surveys only). theme: "auto" follows
 *  prefers-color-scheme. position: where the floating modes sit. */
export const ENUMS = {
    mode: ['launcher', 'inline', 'cart', 'survey'],
    theme: ['auto', 'light', 'dark'],
    position: ['bottom-right', 'bottom-left'],
};

let runtime = null;
/** Connects elements to the page's runtime (the loader's); set once per page. */
export function setRuntime(r) {
    runtime = r;
}

const inPage = (mode) => mode === 'inline' || mode === 'cart';

export class LoyaltyWidgetElement extends HTMLElement {
    static observedAttributes = ['mode', 'open', 'lang', 'theme', 'position'];

    #queued = false;

    constructor() {
        super();
        adoptCss(this.shadowRoot || this.attachShadow({ mode: 'open' }), BASE_CSS, runtime?.nonce);
    }

    /** Whether the panel is open (floating modes); inline panels are always shown. */
    get open() {
        return this.hasAttribute('open');
    }
    set open(value) {
        this.toggleAttribute('open', Boolean(value));
    }

    /** The language: the `lang` attribute, else the script tag's data-lang, else <html lang>. */
    get lang() {
        return this.getAttribute('lang') || runtime?.data.lang || document.documentElement.lang || navigator.language;
    }
    set lang(value) {
        this.setAttribute('lang', value);
    }

    connectedCallback() {
        runtime?.elements.add(this);
        if (inPage(this.mode) || this.open) this.#needUi();
        this.requestRender();
    }

    disconnectedCallback() {
        runtime?.elements.delete(this);
    }

    attributeChangedCallback(name, oldValue, value) {
        if (oldValue === value) return;
        if ((name === 'open' && value !== null) || (name === 'mode' && inPage(value))) this.#needUi();
        this.requestRender();
    }

    /** Schedules one render for however many changes happen in this task. */
    requestRender() {
        if (this.#queued) return;
        this.#queued = true;
        queueMicrotask(() => {
            this.#queued = false;
            if (this.isConnected) this.render();
        });
    }

    /** Draws the element: the UI chunk's views once loaded; until then the launcher (an inline
     *  widget's space is reserved by its host height, so nothing shifts when it fills in). */
    render() {
        if (runtime?.ui) return runtime.ui.render(this);
        const root = this.shadowRoot;
        let button = root.querySelector('button');
        if (!button && this.mode === 'launcher') {
            button = root.appendChild(document.createElement('button'));
            button.className = 'launcher';
            button.setAttribute('part', 'launcher');
            button.setAttribute('aria-haspopup', 'dialog');
            button.append(giftIcon(), document.createElement('span'));
            button.onclick = () => (this.open = !this.open);
            // Start fetching the rest as soon as the shopper shows interest.
            button.onpointerenter = button.onfocus = () => this.#needUi();
        }
        if (button) {
            button.setAttribute('aria-expanded', this.open);
            button.lastChild.textContent = runtime ? runtime.label(this.lang) : '';
        }
    }

    /** Sends `loyalty:<name>` from this element: bubbles, composed, with `detail`. */
    dispatch(name, detail) {
        return this.dispatchEvent(new CustomEvent('loyalty:' + name, { bubbles: true, composed: true, detail }));
    }

    #needUi() {
        runtime?.loadUi();
    }
}

// mode, theme, position: the attribute when it is one of ENUMS[name], else the first value.
for (const [name, values] of Object.entries(ENUMS)) {
    Object.defineProperty(LoyaltyWidgetElement.prototype, name, {
        get() {
            const v = this.getAttribute(name);
            return values.includes(v) ? v : values[0];
        },
        set(v) {
            this.setAttribute(name, v);
        },
    });
}
