// When the module traps (out of memory, or a bug reaching abort()), that instance is dead. The
// engine must answer the call with error data and carry on with a fresh instance. A real trap
// cannot be provoked through valid use, so the test wraps the shipped factory: the first
// status call of the first instance traps exactly as an abort would (WebAssembly.RuntimeError).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { api, distDir, exampleProgram } from './helpers.mjs';

test('a trap inside the module becomes error data and a fresh instance takes over', async () => {
    const { createLoyaltyEngine } = await api();
    const realFactory = (await import(pathToFileURL(join(distDir, 'loyalty-widget.js')).href)).default;
    let instances = 0;
    const factory = async (moduleArg) => {
        const mod = await realFactory(moduleArg);
        if (++instances === 1) {
            const real = mod.status_json;
            let calls = 0;
            mod.status_json = (text) => {
                if (++calls === 2) throw new WebAssembly.RuntimeError('unreachable');
                return real(text);
            };
        }
        return mod;
    };
    const engine = await createLoyaltyEngine({
        module: 'widget',
        factory,
        wasmBinary: readFileSync(join(distDir, 'loyalty-widget.wasm')),
    });
    const request = { program: exampleProgram(), customer: { id: 'c', events: [] }, now: '2026-06-01' };
    const good = engine.status(request);
    assert.equal(good.ok, true);

    const crashed = engine.status(request);
    assert.equal(crashed.ok, false);
    assert.match(crashed.errors[0].message, /internal error in the loyalty module \(unreachable\); it has been restarted/);

    await engine.ready();
    assert.equal(instances, 2);
    assert.deepEqual(engine.status(request), good);
    assert.equal(engine.validate(request.program).ok, true);
});
