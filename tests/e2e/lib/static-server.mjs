// A tiny static file server for browser tests: serves one folder on a free loopback port with the
// right types (application/wasm for the core), no caching, and an optional strict CSP header.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.wasm': 'application/wasm',
    '.csv': 'text/csv; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
};

export const STRICT_CSP =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/** Starts serving `dir`; resolves to {url, requests, close()}. requests lists every path asked for. */
export function serveStatic(dir, { csp = STRICT_CSP } = {}) {
    const base = resolve(dir);
    const requests = [];
    const server = createServer(async (req, res) => {
        const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        requests.push({ method: req.method, path });
        let file = normalize(join(base, path));
        if (file !== base && !file.startsWith(base + sep)) {
            res.writeHead(403).end();
            return;
        }
        try {
            if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
            const body = await readFile(file);
            const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
            if (csp) headers['Content-Security-Policy'] = csp;
            res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
        } catch {
            res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        }
    });
    return new Promise((ok) => {
        server.listen(0, '127.0.0.1', () => {
            ok({
                url: `http://127.0.0.1:${server.address().port}`,
                requests,
                close: () => new Promise((done) => server.close(done)),
            });
        });
    });
}
