// The real loyalty-server for the browser tests that need it (shop, console): found among the
// builds, started on a free loopback port with a fresh database and the demo's programme and
// sample customers, and stopped afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './server.mjs';

/** The sample customers' dated_for (demo/examples/customers): from this start of the server's
 *  clock the seed leaves their dates as written, and the figures the tests work out from them
 *  (Anna's lots, Vera's tier) hold for a day, whatever the day the tests run. */
export const SAMPLE_CLOCK = '2026-12-04T12:00:00+03:00';

/** {path} of the server binary (null when there is none) and where it was `looked` for. */
function findServer() {
    const named = process.env.LOYALTY_SERVER;
    if (named) return { path: existsSync(named) ? named : null, looked: `LOYALTY_SERVER=${named}` };
    const dirs = ['build-ci', 'build', 'build-demo', 'build-server', 'build-lead'];
    for (const d of [...dirs, ...readdirSync(root).filter((d) => d.startsWith('build') && !dirs.includes(d))]) {
        for (const sub of ['demo/server/loyalty-server', 'demo/loyalty-server']) {
            const p = join(root, d, sub);
            if (existsSync(p)) return { path: p };
        }
    }
    return { path: null, looked: 'build*/demo/server/loyalty-server' };
}

function freePort() {
    return new Promise((ok, fail) => {
        const s = createServer();
        s.once('error', fail);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => ok(port));
        });
    });
}

const { path: binary, looked } = findServer();
export const serverMissing = `no loyalty-server binary (looked for ${looked}; build it, or set LOYALTY_SERVER)`;
// In CI a missing server is a broken build, not a reason to skip.
const ci = Boolean(process.env.CI) && !/^(0|false|no)$/i.test(process.env.CI);
/** The `skip` option of a test that needs the server: why, when there is none (false in CI, where
 *  startLoyaltyServer then fails). */
export const serverSkip = binary || ci ? false : serverMissing;

/**
 * Starts the server with `adminToken`, the demo's programme and customers, a fresh database in a
 * temporary `dir`, the clock at SAMPLE_CLOCK and `extra` flags, and waits until it answers.
 * Resolves to {url, dir, stop()}; stop() ends it with SIGTERM and removes `dir`.
 */
export async function startLoyaltyServer({ name, adminToken, extra = [] }) {
    if (!binary) throw new Error(`${serverMissing}, and CI is set: the ${name} browser tests cannot be skipped there`);
    const dir = mkdtempSync(join(tmpdir(), `loyalty-${name}-`));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawn(binary, [
        '--host', '127.0.0.1', '--port', String(port), '--db', join(dir, `${name}.db`),
        '--program', join(root, 'demo/examples/program.json'),
        '--seed-demo', '--seed-dir', join(root, 'demo/examples/customers'),
        '--customer-secret', 'e2e-secret-0123456789abcdef0123456789',
        '--admin-token', adminToken,
        '--clock', SAMPLE_CLOCK,
        ...extra,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (d) => { output += d; });
    server.stderr.on('data', (d) => { output += d; });
    const stop = async () => {
        if (server.exitCode === null) {
            server.kill('SIGTERM');
            await new Promise((r) => server.once('exit', r));
        }
        rmSync(dir, { recursive: true, force: true });
    };
    for (let i = 0; ; i++) {
        try {
            if ((await fetch(`${url}/healthz`)).ok) break;
        } catch { /* not listening yet */ }
        if (i >= 100 || server.exitCode !== null) {
            await stop();
            throw new Error(`the server did not start:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return { url, dir, stop };
}
