// A tiny HTTP server for the widget's browser tests: it serves the built widget (web/dist/widget
// under /loyalty/, with application/wasm), the test pages (tests/e2e/pages, with {{name}}
// placeholders filled from the query string), and the endpoints of the widget's HTTP contract
// (docs/integration.md): the program, the customer, the survey answers. Failure modes are chosen
// per request so one server serves every test.
//
//   const server = await startServer();   // server.url, server.answers, server.close()
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** Where the built widget is: LOYALTY_DIST_DIR (default web/dist) + /widget. */
export const distDir = resolve(root, process.env.LOYALTY_DIST_DIR || 'web/dist');
const pagesDir = join(root, 'tests/e2e/pages');

/** The "now" every customer response carries, so statuses are reproducible. */
export const FIXED_NOW = '2026-11-26T12:00:00+03:00';
export const CUSTOMERS = ['anna', 'boris', 'vera'];

export const STRICT_CSP =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.wasm': 'application/wasm',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
};

/** Page placeholders and their defaults. */
const DEFAULTS = {
    lang: 'ru',
    program: '/api/program.json',
    customer: '/api/me',
    survey: '/api/surveys',
    theme: 'auto',
    launcher: 'true',
    cart: '',
    delay: '300',
    timeout: '3000',
    assets: '/loyalty/',
};

function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The demo program, changed for a test: "survey" adds surveys, "xss" HTML-ish names. */
export function programVariant(name) {
    const program = JSON.parse(readFileSync(join(root, 'demo/examples/program.json'), 'utf8'));
    if (name === 'survey' || name === 'survey-sampled-out' || name === 'survey-min-visits') {
        program.surveys = [
            {
                id: 'nps-main',
                kind: 'nps',
                cooldown_after_shown_days: 7,
                cooldown_after_answered_days: 90,
                cooldown_after_dismissed_days: 30,
                min_visits: name === 'survey-min-visits' ? 3 : 0,
                sample_share: name === 'survey-sampled-out' ? '0%' : '100%',
                question: {
                    ru: 'Насколько вероятно, что вы порекомендуете «Книжную лавку» друзьям?',
                    en: 'How likely are you to recommend the Book Shop to a friend?',
                },
                low_label: { ru: 'Ни за что', en: 'Not at all' },
                high_label: { ru: 'Обязательно', en: 'Definitely' },
                follow_up: {
                    promoters: { ru: 'Что вам нравится больше всего?', en: 'What do you like most?' },
                    passives: { ru: 'Чего не хватило до 10?', en: 'What would make it a 10?' },
                    detractors: { ru: 'Что пошло не так?', en: 'What went wrong?' },
                },
                thanks: { ru: 'Спасибо! Ваш ответ поможет нам стать лучше.', en: 'Thank you! Your answer helps us improve.' },
            },
        ];
    }
    if (name === 'survey-csat' || name === 'survey-ces') {
        const kind = name.slice('survey-'.length);
        program.surveys = [
            {
                id: kind + '-after-order',
                kind,
                ...(kind === 'ces' ? { scale: 7 } : {}),
                follow_up: { all: { ru: 'Что можно сделать лучше?', en: 'What could be better?' } },
            },
        ];
    }
    if (name === 'xss') {
        program.name = '<script>window.__pwned=1</script>Бонусы';
        program.rewards[0].name = '<img src=x onerror="window.__pwned=1"><b>Скидка</b> 300 ₽';
        program.tiers.levels[1].perks = ['<i>курсив</i> & «кавычки»'];
    }
    if (name === 'invalid') {
        program.earn.points = -5;
    }
    return program;
}

function readBody(req) {
    return new Promise((resolveBody) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    });
}

function cookies(req) {
    return Object.fromEntries(
        String(req.headers.cookie || '')
            .split(';')
            .map((s) => s.trim().split('='))
            .filter((p) => p.length === 2),
    );
}

/**
 * Starts the server on a free loopback port. `answers` collects every survey POST
 * ({body, key, status}); `stored` maps idempotency keys to the stored answer; `mode` switches
 * the survey endpoint between "ok", "fail" (503) and "refuse" (422).
 */
export async function startServer() {
    const state = { answers: [], stored: new Map(), surveyMode: 'ok', requests: [], cspEverywhere: false };
    const server = createServer(async (req, res) => {
        const url = new URL(req.url, 'http://localhost');
        const path = decodeURIComponent(url.pathname);
        state.requests.push(path);
        // Compressed like a real shop serves it (gzip), so measured transfer sizes are honest.
        const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
        const send = (status, body, type = 'application/json; charset=utf-8', headers = {}) => {
            const compress = gzip && body && body.length > 256 && /javascript|json|html|css|wasm|svg/.test(type);
            const out = compress ? gzipSync(body, { level: 9 }) : body;
            // cspEverywhere: the policy on every response (workers get the policy of their own script).
            const csp = state.cspEverywhere ? { 'Content-Security-Policy': STRICT_CSP } : {};
            res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(compress ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}), ...csp, ...headers });
            res.end(out);
        };
        const json = (status, value) => send(status, JSON.stringify(value));

        if (path === '/favicon.ico') return send(204, '');
        if (path === '/api/program.json') {
            const variant = url.searchParams.get('variant') || '';
            if (variant === 'missing') return json(404, { error: 'not found' });
            if (variant === 'garbage') return send(200, '{"version": 1, "id": ');
            return json(200, programVariant(variant));
        }
        if (path === '/api/me' || path.startsWith('/api/customers/')) {
            const name = path === '/api/me' ? cookies(req).customer : path.slice('/api/customers/'.length);
            if (!name || name === 'guest') return send(204, '');
            if (name === 'unauthorized') return json(401, { error: 'sign in' });
            if (!CUSTOMERS.includes(name)) return json(404, { error: 'no such customer' });
            const customer = JSON.parse(readFileSync(join(root, 'demo/examples/customers', name + '.json'), 'utf8'));
            return json(200, { customer: { id: customer.id, events: customer.events }, now: FIXED_NOW });
        }
        if (path === '/api/broken/500') return json(500, { error: 'internal' });
        if (path === '/api/broken/hang') return; // never answers: the widget's timeout must act
        if (path === '/api/broken/not-json') return send(200, '<html>login</html>', 'text/html');
        if (path === '/api/broken/no-customer') return json(200, { id: 'x' });
        if (path === '/api/broken/bad-events') {
            return json(200, { customer: { id: 'x', events: [{ type: 'purchase', at: 'yesterday' }] }, now: FIXED_NOW });
        }
        if (path === '/api/surveys' && req.method === 'POST') {
            const text = await readBody(req);
            let body = null;
            try {
                body = JSON.parse(text);
            } catch {
                body = null;
            }
            const key = body && body.idempotency_key;
            let status;
            if (state.surveyMode === 'fail') status = 503;
            else if (state.surveyMode === 'refuse' || !key) status = 422;
            else if (state.stored.has(key)) status = 200; // a repeat: stored already, a no-op
            else {
                state.stored.set(key, body);
                status = 201;
            }
            state.answers.push({ body, key, status, header: req.headers['idempotency-key'] });
            return json(status, status < 300 ? { ok: true } : { error: 'try later' });
        }
        if (path.startsWith('/loyalty/')) {
            if (url.searchParams.has('missing')) return send(404, 'missing');
            return serveFile(send, join(distDir, 'widget'), path.slice('/loyalty/'.length));
        }
        if (path.startsWith('/pages/')) {
            const name = path.slice('/pages/'.length);
            if (name.endsWith('.html')) {
                const file = join(pagesDir, normalize(name));
                if (!file.startsWith(pagesDir) || !existsSync(file)) return send(404, 'no page');
                const params = { ...DEFAULTS, ...Object.fromEntries(url.searchParams) };
                const html = readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, k) => escapeHtml(params[k] ?? ''));
                const tt = url.searchParams.has('tt') ? "; require-trusted-types-for 'script'; trusted-types loyalty-widget" : '';
                const headers = name.startsWith('csp') || url.searchParams.has('csp') ? { 'Content-Security-Policy': STRICT_CSP + tt } : {};
                return send(200, html, TYPES['.html'], headers);
            }
            return serveFile(send, pagesDir, name);
        }
        send(404, 'not found', 'text/plain');
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        state,
        get answers() {
            return state.answers;
        },
        close: () =>
            new Promise((ok) => {
                server.closeAllConnections();
                server.close(ok);
            }),
    };
}

function serveFile(send, dir, name) {
    const file = join(dir, normalize(name));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return send(404, 'not found', 'text/plain');
    const hashed = /\.[0-9a-f]{10}\./.test(name);
    send(200, readFileSync(file), TYPES[extname(file)] || 'application/octet-stream', {
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
}
