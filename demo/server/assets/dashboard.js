// The survey dashboard: reads GET /api/admin/surveys with the admin token and draws, per survey,
// the score with its 95% margin, the answer distribution and the trend as inline SVG. Every
// number comes from the server (the core's survey-summary); this file only lays them out.
// No framework, no CDN, no inline script or eval: it runs under the server's page CSP.
'use strict';
(() => {
    const TOKEN_KEY = 'loyalty-dashboard-token';
    const SVG = 'http://www.w3.org/2000/svg';
    const $ = (id) => document.getElementById(id);
    const KIND = { nps: 'Net Promoter Score', csat: 'Customer satisfaction (CSAT)', ces: 'Customer effort (CES)' };

    function el(tag, attrs, ...children) {
        const node = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
        for (const c of children) if (c !== null && c !== undefined) node.append(c);
        return node;
    }
    function svg(tag, attrs, text) {
        const node = document.createElementNS(SVG, tag);
        for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
        if (text !== undefined) node.textContent = text;
        return node;
    }
    const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    const fmt = (x) => (x === null || x === undefined ? '—' : nf.format(x));
    const signed = (x) => (x === null || x === undefined ? '—' : (x > 0 ? '+' : '') + nf.format(x));
    /** "Nov 2" for "2026-11-02T00:00:00+03:00": the calendar day in the program's zone, as the
     *  server wrote it (the viewer's own zone could move a midnight to the day before). */
    const day = (iso) =>
        new Date(iso.slice(0, 10) + 'T12:00:00Z').toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    /** The server's clock at the last report, in ms: periods are counted back from it, so a
     *  server started with --clock on another day still shows its own last weeks. */
    let serverNow = null;

    function token() {
        return sessionStorage.getItem(TOKEN_KEY) || '';
    }
    function takeTokenFromHash() {
        const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
        if (m) {
            sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
            history.replaceState(null, '', location.pathname + location.search);
        }
    }
    function status(text, error) {
        $('status').textContent = text;
        $('status').className = error ? 'error' : '';
    }
    function showSignin(message) {
        $('signin').hidden = false;
        $('controls').hidden = true;
        $('surveys').replaceChildren();
        status(message || '', Boolean(message));
        $('token').focus();
    }

    async function load() {
        if (!token()) return showSignin('');
        $('signin').hidden = true;
        $('controls').hidden = false;
        const days = Number($('period').value);
        const q = new URLSearchParams();
        // Without "from" the server reports its last twelve weeks (the default period here).
        if (serverNow !== null && days !== 84) q.set('from', new Date(serverNow - days * 86400000).toISOString().slice(0, 19) + 'Z');
        else if (serverNow === null && days !== 84) $('period').value = '84';
        if ($('bucket').value) q.set('bucket', $('bucket').value);
        status('Loading…');
        let r;
        try {
            r = await fetch('/api/admin/surveys?' + q, { headers: { Authorization: 'Bearer ' + token(), Accept: 'application/json' } });
        } catch (e) {
            return status('The server did not answer: ' + e.message, true);
        }
        const body = await r.json().catch(() => null);
        if (r.status === 401 || r.status === 403) {
            sessionStorage.removeItem(TOKEN_KEY);
            return showSignin((body && body.errors && body.errors[0].message) || 'The token was refused.');
        }
        if (!r.ok || !body || !body.ok) {
            return status('The report failed: ' + ((body && body.errors && body.errors.map((e) => e.message).join('; ')) || 'HTTP ' + r.status), true);
        }
        render(body);
    }

    function render(report) {
        serverNow = Date.parse(report.now);
        $('meta').textContent = `Program ${report.program_id} · ${day(report.from)} – ${day(report.to)} · by ${report.bucket} · updated ${new Date().toLocaleTimeString()}`;
        status(report.surveys.length ? '' : 'The program has no surveys (program.json → "surveys").');
        $('surveys').replaceChildren(...report.surveys.map((s) => card(s, report.bucket)));
        document.body.dataset.loaded = 'true';
    }

    function card(s, bucket) {
        const sum = s.summary;
        const ok = sum && sum.ok;
        const score = ok ? sum.score : null;
        const section = el('section', { class: 'survey', id: 'survey-' + s.id, 'data-survey-id': s.id, 'data-kind': s.kind,
            'data-n': ok ? sum.n : 0, 'data-score': score === null ? '' : score, 'aria-labelledby': 'title-' + s.id });
        section.append(el('header', {}, el('h2', { id: 'title-' + s.id }, s.id), el('span', { class: 'kind' }, KIND[s.kind] || s.kind)));
        if (!ok) {
            section.append(el('p', { class: 'empty' }, 'The core refused these answers: ' + ((sum && sum.errors || []).map((e) => e.message).join('; '))));
            return section;
        }
        const shown = score === null ? 'no answers' : s.kind === 'nps' ? signed(score) : s.kind === 'csat' ? fmt(score) + '%' : fmt(score);
        const facts = el('dl', { class: 'facts' });
        const fact = (label, value, cls) => facts.append(el('div', {}, el('dt', {}, label), el('dd', cls ? { class: cls } : {}, value)));
        fact('respondents', fmt(sum.n), 'n');
        fact('dismissed', fmt(sum.dismissed), 'dismissed');
        if (s.kind === 'nps') {
            fact('margin of error (95%)', sum.margin_of_error === null ? '—' : '± ' + fmt(sum.margin_of_error), 'margin');
            fact('interval (95%, adjusted Wald)', sum.interval ? `${signed(sum.interval.low)} … ${signed(sum.interval.high)}` : '—', 'interval');
            fact('promoters · passives · detractors', `${sum.promoters} · ${sum.passives} · ${sum.detractors}`);
        } else if (s.kind === 'csat') {
            fact('satisfied (4–5)', fmt(sum.satisfied));
        } else {
            fact('scale', `${sum.scale.min}–${sum.scale.max}`);
        }
        section.append(el('div', { class: 'headline' }, el('span', { class: 'score' + (score === null ? ' none' : ''), 'aria-label': 'score' }, shown), facts));
        section.append(el('div', { class: 'charts' },
            el('figure', {}, el('figcaption', {}, `By ${bucket} (dots: score${s.kind === 'nps' ? '; whiskers: 95% interval' : ''}; grey bars: answers)`), trendChart(s)),
            el('figure', {}, el('figcaption', {}, 'Answers by score'), distributionChart(s))));
        if (s.comments.length) {
            section.append(el('h3', { class: 'kind' }, 'Latest follow-up answers'));
            section.append(el('ul', { class: 'comments' }, ...s.comments.map((c) =>
                el('li', {}, el('div', { class: 'when' }, `${new Date(c.at).toLocaleString()} · score ${c.score === null ? '—' : c.score}${c.lang ? ' · ' + c.lang : ''}`), c.text))));
        }
        return section;
    }

    /** The y range of a kind: NPS -100..100, CSAT 0..100, CES the scale. */
    function yRange(s) {
        if (s.kind === 'nps') return [-100, 100];
        if (s.kind === 'csat') return [0, 100];
        return [s.scale.min, s.scale.max];
    }

    function trendChart(s) {
        // Drawn at about the width it gets, so its text stays readable on a phone.
        const W = Math.round(Math.max(340, Math.min(640, $('surveys').clientWidth - 40))), H = 220, L = 40, R = 10, T = 10, B = 34;
        const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${s.id} score by period` });
        const [lo, hi] = yRange(s);
        const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
        const n = s.trend.length;
        const step = n ? (W - L - R) / n : 0;
        const x = (i) => L + step * (i + 0.5);
        const maxAnswers = Math.max(1, ...s.trend.map((b) => b.answers));
        for (const v of [lo, (lo + hi) / 2, hi]) {
            chart.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 && lo < 0 ? 'zero' : 'axis' }));
            chart.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
        }
        let path = '';
        s.trend.forEach((b, i) => {
            const h = ((H - T - B) * 0.35 * b.answers) / maxAnswers;
            if (b.answers > 0) chart.append(svg('rect', { x: x(i) - step * 0.3, width: step * 0.6, y: H - B - h, height: h, class: 'count' }));
            const sum = b.summary;
            const most = Math.max(4, Math.floor((W - L - R) / 44));  // labels about 44 px apart
            const label = n <= most || i % Math.ceil(n / most) === 0;
            if (label) chart.append(svg('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle' }, day(b.start)));
            if (!sum.ok || sum.score === null) {
                path += ' ';
                return;
            }
            if (sum.interval) chart.append(svg('line', { x1: x(i), x2: x(i), y1: y(sum.interval.low), y2: y(sum.interval.high), class: 'err' }));
            path += (path.trim() === '' || path.endsWith(' ') ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(sum.score).toFixed(1);
            const dot = svg('circle', { cx: x(i), cy: y(sum.score), r: 4, class: 'dot' });
            dot.append(svg('title', {}, `${day(b.start)}: ${fmt(sum.score)} (n = ${sum.n})`));
            chart.append(dot);
        });
        if (path.trim()) chart.insertBefore(svg('path', { d: path.trim(), class: 'line' }), chart.querySelector('circle'));
        if (!n) chart.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no periods'));
        // An empty chart says why it is empty instead of showing bare axes.
        else if (!s.trend.some((b) => b.answers > 0)) chart.append(svg('text', { x: (L + W - R) / 2, y: y((lo + hi) / 2) - 8, 'text-anchor': 'middle', class: 'note' }, 'no answers in this period'));
        return chart;
    }

    function distributionChart(s) {
        const W = 320, H = 220, L = 8, R = 8, T = 14, B = 30;
        const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${s.id} answers by score` });
        const counts = (s.summary && s.summary.distribution) || [];
        const max = Math.max(1, ...counts);
        const step = (W - L - R) / Math.max(1, counts.length);
        counts.forEach((c, i) => {
            const value = s.scale.min + i;
            const h = ((H - T - B) * c) / max;
            let cls = 'bar';
            if (s.kind === 'nps') cls += value >= 9 ? ' good' : value >= 7 ? ' mid' : ' bad';
            if (s.kind === 'csat') cls += value >= 4 ? ' good' : value === 3 ? ' mid' : ' bad';
            const bar = svg('rect', { x: L + step * i + step * 0.15, width: step * 0.7, y: H - B - h, height: h, class: cls });
            bar.append(svg('title', {}, `${value}: ${c}`));
            chart.append(bar);
            if (c > 0) chart.append(svg('text', { x: L + step * (i + 0.5), y: H - B - h - 3, 'text-anchor': 'middle' }, String(c)));
            chart.append(svg('text', { x: L + step * (i + 0.5), y: H - B + 15, 'text-anchor': 'middle' }, String(value)));
        });
        if (!counts.some((c) => c > 0)) chart.append(svg('text', { x: W / 2, y: (H - B) / 2, 'text-anchor': 'middle', class: 'note' }, 'no answers yet'));
        return chart;
    }

    document.addEventListener('DOMContentLoaded', () => {
        takeTokenFromHash();
        $('token-form').addEventListener('submit', (e) => {
            e.preventDefault();
            sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
            $('token').value = '';
            load();
        });
        $('controls').addEventListener('submit', (e) => {
            e.preventDefault();
            load();
        });
        $('period').addEventListener('change', load);
        $('bucket').addEventListener('change', load);
        $('signout').addEventListener('click', () => {
            sessionStorage.removeItem(TOKEN_KEY);
            showSignin('');
        });
        load();
    });
})();
