// The TypeScript declarations (web/src/engine.d.ts, calculator-client.d.ts, and the widget's
// widget/loyalty-widget.d.ts) compile under --strict and type a realistic use of the API,
// rejecting the misuse marked @ts-expect-error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { root } from './helpers.mjs';

test('the .d.ts files type the documented usage under tsc --strict', () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022',
        '--moduleResolution', 'bundler', '--lib', 'es2022,dom', '--skipLibCheck', 'false',
        join(root, 'tests/js/fixtures/types-usage.ts')], { encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
