// What ships must run under a strict Content-Security-Policy (script-src 'self'
// 'wasm-unsafe-eval'): no eval, no new Function, in any shipped JS file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { distDir, requireDist } from './helpers.mjs';

test('no shipped JS file contains eval( or new Function', () => {
    requireDist();
    const files = readdirSync(distDir, { recursive: true }).filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
    assert.ok(files.length >= 4, `expected the shipped JS in ${distDir}, found ${files.join(', ')}`);
    for (const f of files) {
        const text = readFileSync(join(distDir, f), 'utf8');
        assert.doesNotMatch(text, /\beval\s*\(/, `${f} contains eval(`);
        assert.doesNotMatch(text, /\bnew\s+Function\b/, `${f} contains new Function`);
        assert.doesNotMatch(text, /\bFunction\s*\(\s*["'`]/, `${f} builds a function from text`);
    }
});

test('the manifest lists every shipped file with its raw and gzip size', () => {
    requireDist();
    const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8'));
    const listed = new Set(manifest.files.map((f) => f.name));
    const files = readdirSync(distDir, { withFileTypes: true }).filter((d) => d.isFile() && d.name !== 'manifest.json');
    for (const { name: f } of files) {
        assert.ok(listed.has(f), `${f} is not in manifest.json`);
    }
    for (const f of manifest.files) {
        assert.ok(Number.isInteger(f.bytes) && f.bytes > 0, `${f.name} bytes`);
        assert.ok(Number.isInteger(f.gzip_bytes) && f.gzip_bytes > 0 && f.gzip_bytes <= f.bytes + 64, `${f.name} gzip_bytes`);
    }
    const widget = manifest.bundles.widget_module;
    assert.deepEqual(widget.files, ['loyalty-widget.js', 'loyalty-widget.wasm']);
    assert.ok(widget.gzip_bytes <= widget.budget_gzip_bytes, `widget module ${widget.gzip_bytes} > ${widget.budget_gzip_bytes}`);
});
