// Building DOM from data without parsing markup: every string becomes a text node or an
// attribute value, so a reward named "<img onerror=...>" shows as those characters.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * h('button', {class: 'x', type: 'button', onclick: f, 'aria-label': '...'}, child, ...):
 * an element with attributes (null/undefined/false skipped, true as ""), listeners (on*), and
 * children (nodes, or strings as text; null and false skipped; arrays flattened).
 */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children) {
        if (c === null || c === undefined || c === false) continue;
        if (Array.isArray(c)) append(el, c);
        else el.append(c instanceof Node ? c : String(c));
    }
}

/** A stroked 24x24 icon from path data, hidden from assistive technology. */
export function icon(paths, className = 'icon') {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', className);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    for (const d of paths) {
        const p = document.createElementNS(SVG, 'path');
        p.setAttribute('d', d);
        svg.append(p);
    }
    return svg;
}

export const ICONS = {
    close: ['M6 6l12 12', 'M18 6L6 18'],
    flame: ['M12 22c4 0 7-3 7-7 0-4-3-6-4-9-1 2-2 3-4 3 0-2 0-4-2-7-1 4-4 6-4 11 0 5 3 9 7 9z'],
    star: ['M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z'],
};

/** Focusable elements inside `root`, in tab order (for the panel's focus trap). */
export function focusables(root) {
    return Array.from(
        root.querySelectorAll('button, [href], input, textarea, select, [tabindex]:not([tabindex="-1"])'),
    ).filter((el) => !el.disabled && !el.closest('[hidden]') && el.getClientRects().length > 0);
}
