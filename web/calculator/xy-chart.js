// A line chart over a numeric x axis (a swept parameter), hand-written SVG with labelled axes,
// plus the same numbers as a table for screen readers (and for the printed report).
import { el } from './extras-text.js';

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
}

function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p;
    return 10 * p;
}

/**
 * Draws into `box`: {title, xLabel, yLabel, xs: number[], xFormat, yFormat (axis ticks), valueFormat
 * (exact values in the table and tooltips), series: [{label, cls, values}]}.
 */
export function xyChart(box, { title, xLabel, yLabel, xs, xFormat, yFormat, valueFormat, series }) {
    // An empty box may not be laid out yet: its figure's width then.
    const W = Math.round(Math.min(720, Math.max(300, box.clientWidth || box.parentElement?.clientWidth || 720)));
    const H = 260, L = 84, R = 16, T = 12, B = 52;
    const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const px = (x) => L + ((W - L - R) * (x - x0)) / Math.max(1e-9, x1 - x0);
    const py = (y) => T + (H - T - B) * (1 - y / max);
    // The table carries the numbers for screen readers; the drawing is hidden from them.
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'svgchart', 'aria-hidden': 'true', 'data-points': xs.length });
    for (let i = 0; i <= 4; i++) {
        const y = py((max * i) / 4);
        root.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid' }));
        root.append(svg('text', { x: L - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, yFormat((max * i) / 4)));
    }
    const every = Math.max(1, Math.ceil((xs.length * 56) / (W - L - R)));
    xs.forEach((x, i) => {
        if (i % every && i !== xs.length - 1) return;
        root.append(svg('line', { x1: px(x), x2: px(x), y1: H - B, y2: H - B + 4, class: 'axis' }));
        root.append(svg('text', { x: px(x), y: H - B + 16, class: 'tick', 'text-anchor': 'middle' }, xFormat(x)));
    });
    root.append(svg('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }));
    root.append(svg('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }));
    root.append(svg('text', { x: L + (W - L - R) / 2, y: H - 8, class: 'axis-label', 'text-anchor': 'middle' }, xLabel));
    root.append(svg('text', { x: 14, y: T + (H - T - B) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 14 ${T + (H - T - B) / 2})` }, yLabel));
    for (const s of series) {
        const d = s.values.map((v, i) => `${i ? 'L' : 'M'}${px(xs[i]).toFixed(1)},${py(v).toFixed(1)}`).join('');
        root.append(svg('path', { d, class: `line ${s.cls}` }));
        s.values.forEach((v, i) => {
            const dot = svg('circle', { cx: px(xs[i]), cy: py(v), r: 3.5, class: `dot ${s.cls}` });
            dot.append(svg('title', {}, `${xLabel} ${xFormat(xs[i])} · ${s.label}: ${valueFormat(v)}`));
            root.append(dot);
        });
    }
    const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
        ...series.map((s) => el('li', {}, el('span', { class: `swatch ${s.cls}` }), s.label)));
    const table = el('table', { class: 'data-table chart-table' },
        el('caption', { text: title }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: xLabel }), ...series.map((s) => el('th', { scope: 'col', text: s.label })))),
        el('tbody', {}, ...xs.map((x, i) => el('tr', {},
            el('th', { scope: 'row', text: xFormat(x) }),
            ...series.map((s) => el('td', { 'data-value': s.values[i], text: valueFormat(s.values[i]) }))))));
    box.replaceChildren(root, legend, table);
}
