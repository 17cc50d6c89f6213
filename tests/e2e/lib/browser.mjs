// Browser helpers for the widget's end-to-end tests: Debian's Chromium through playwright-core
// (TOOLCHAIN.md: flags below), pages that record console messages, uncaught errors and CSP
// violations, and the native CLI that computes the statuses the widget must show.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { FIXED_NOW, programVariant, root } from './server.mjs';

export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--font-render-hinting=none',
];

export const artifactsDir = join(root, 'tests/artifacts');

export function launchBrowser() {
    return chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A page in a fresh context. Options: viewport, colorScheme, reducedMotion, customer (cookie
 * the test server reads to answer /api/me), offline. Returns {context, page, log} where
 * log.console holds every console message, log.ours the widget's ("[loyalty-widget] ..."),
 * log.errors uncaught page errors, and violations() reads the CSP violations seen so far.
 */
export async function openPage(browser, server, options = {}) {
    const context = await browser.newContext({
        viewport: options.viewport || { width: 1280, height: 860 },
        colorScheme: options.colorScheme || 'light',
        reducedMotion: options.reducedMotion || 'reduce',
        deviceScaleFactor: options.deviceScaleFactor || 1,
        isMobile: options.isMobile || false,
        hasTouch: options.isMobile || false,
    });
    if (options.customer) await context.addCookies([{ name: 'customer', value: options.customer, url: server.url }]);
    const page = await context.newPage();
    const log = { console: [], ours: [], errors: [] };
    page.on('console', (m) => {
        const text = m.text();
        log.console.push({ type: m.type(), text });
        if (text.startsWith('[loyalty-widget]')) log.ours.push(text);
    });
    page.on('pageerror', (e) => log.errors.push(e.message));
    await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
            window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }),
        );
    });
    return { context, page, log, violations: () => page.evaluate(() => window.__violations) };
}

/** Resolves with the detail of the next `loyalty:<name>` event on the page's document. */
export function nextEvent(page, name, timeout = 15000) {
    return page.evaluate(
        ([n, t]) =>
            new Promise((ok, fail) => {
                const timer = setTimeout(() => fail(new Error('no loyalty:' + n + ' event')), t);
                document.addEventListener('loyalty:' + n, (e) => {
                    clearTimeout(timer);
                    ok(e.detail === undefined ? null : JSON.parse(JSON.stringify(e.detail)));
                }, { once: true });
            }),
        [name, timeout],
    );
}

/** Starts recording every loyalty:* event on the page (read them with recordedEvents). */
export async function recordEvents(page) {
    await page.addInitScript(() => {
        window.__events = [];
        for (const n of ['ready', 'open', 'close', 'survey-shown', 'survey-dismissed', 'survey-submitted', 'reward-selected', 'points-selected', 'error']) {
            document.addEventListener('loyalty:' + n, (e) => window.__events.push({ name: n, detail: e.detail, composed: e.composed, bubbles: e.bubbles }));
        }
    });
}
export const recordedEvents = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__events)));

let cliPath = null;
/** The native CLI: LOYALTY_CLI, or the first build directory that has one. */
export function findCli() {
    if (cliPath) return cliPath;
    const candidates = [process.env.LOYALTY_CLI, 'build-ci/core/cli/loyalty', 'build/core/cli/loyalty', 'build-widget/core/cli/loyalty', 'build-lead/core/cli/loyalty']
        .filter(Boolean)
        .map((p) => (p.startsWith('/') ? p : join(root, p)));
    cliPath = candidates.find((p) => existsSync(p));
    if (!cliPath) throw new Error(`the native CLI was not found (looked in ${candidates.join(', ')}); build it (cmake --build <dir> --target loyalty) or set LOYALTY_CLI`);
    return cliPath;
}

/** Runs a core operation with the native CLI: `loyalty <operation> request.json`. */
export function cli(operation, request) {
    mkdirSync(join(root, 'tests/artifacts'), { recursive: true });
    const file = join(artifactsDir, `.cli-request-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(request));
    try {
        return JSON.parse(execFileSync(findCli(), [operation, file], { encoding: 'utf8' }));
    } catch (e) {
        if (e.stdout) return JSON.parse(e.stdout);
        throw e;
    } finally {
        rmSync(file, { force: true });
    }
}

/** The status the core computes for a sample customer at the test server's fixed "now". */
export function expectedStatus(name, variant = '') {
    const customer = JSON.parse(readFileSync(join(root, 'demo/examples/customers', name + '.json'), 'utf8'));
    return cli('status', { program: programVariant(variant), customer: { id: customer.id, events: customer.events }, now: FIXED_NOW, history_limit: 20 });
}

/** Saves a screenshot under tests/artifacts/ and returns its path. */
export async function shot(target, name, options = {}) {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, name + '.png');
    await target.screenshot({ path, ...options });
    return path;
}

/** Waits until the widget's data is on screen (the panel or cart line drawn from the core). */
export async function waitForWidget(page) {
    await page.waitForFunction(() => window.LoyaltyWidget && window.LoyaltyWidget.version, null, { timeout: 15000 });
}
