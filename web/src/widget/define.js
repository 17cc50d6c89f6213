// Registers <loyalty-widget>. Loading the script twice (two snippets, a cached and a fresh copy)
// must not throw "this name has already been used", so an existing definition is kept.

import { LoyaltyWidgetElement } from './element.js';

/** Defines `tag` in `registry` unless it is defined already; returns the class in use. */
export function defineLoyaltyWidget(tag = 'loyalty-widget', registry = customElements) {
    if (!registry.get(tag)) registry.define(tag, class extends LoyaltyWidgetElement {});
    return registry.get(tag);
}
