// The test runs themselves: JS and browser tests run in the same non-UTC zone as the native ones
// (TZ=Asia/Yekaterinburg, set by package.json's scripts), and in CI the shop's browser test fails
// when it has no server to drive instead of skipping, so a broken build cannot pass as green.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './helpers.mjs';

describe('harness time zone', () => {
    it('is Asia/Yekaterinburg (UTC+5), as in ctest', () => {
        assert.equal(Intl.DateTimeFormat().resolvedOptions().timeZone, 'Asia/Yekaterinburg', 'run through npm test: package.json sets TZ');
        assert.equal(new Date('2026-11-26T00:00:00Z').getTimezoneOffset(), -300);
    });
});

describe('harness shop test without a server', () => {
    /** Runs tests/e2e/shop.test.mjs with a server path that does not exist. */
    const run = (ci) => {
        const env = { ...process.env, LOYALTY_SERVER: join(root, 'no-such-dir/loyalty-server') };
        delete env.CI;
        delete env.NODE_TEST_CONTEXT; // a run of its own, not a subtest of this one
        if (ci) env.CI = ci;
        const r = spawnSync(process.execPath, ['--test', join(root, 'tests/e2e/shop.test.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 60000 });
        return { status: r.status, out: r.stdout + r.stderr };
    };
    it('skips, saying why, on a developer machine', () => {
        const { status, out } = run(null);
        assert.equal(status, 0, out);
        assert.match(out, /# skipped [1-9]/, out);
        assert.match(out, /# fail 0/, out);
        assert.match(out, /no-such-dir\/loyalty-server/, out);
    });
    it('fails when CI=true', () => {
        const { status, out } = run('true');
        assert.notEqual(status, 0, out);
        assert.match(out, /# fail [1-9]/, out);
        assert.match(out, /CI is set/, out);
    });
});
