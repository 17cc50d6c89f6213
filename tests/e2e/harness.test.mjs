// The browser tests' own setting: Chromium runs in the same non-UTC zone as the native tests
// (TZ=Asia/Yekaterinburg from package.json's scripts, which the browser inherits).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { launchBrowser } from './lib/browser.mjs';

let browser;
before(async () => {
    browser = await launchBrowser();
});
after(async () => {
    await browser?.close();
});

it('runs Chromium in Asia/Yekaterinburg (UTC+5), as ctest runs the native tests', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const zone = await page.evaluate(() => [Intl.DateTimeFormat().resolvedOptions().timeZone, new Date('2026-11-26T00:00:00Z').getTimezoneOffset()]);
    assert.deepEqual(zone, ['Asia/Yekaterinburg', -300], 'run through npm run test:e2e: package.json sets TZ');
    await context.close();
});
