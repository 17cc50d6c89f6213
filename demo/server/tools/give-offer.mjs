#!/usr/bin/env node
// Gives one personal offer to a list of customers through the server's admin API
// (docs/server.md, "Personal offers"). Each give is idempotent by the offer's id, so running the
// list again after an interruption gives nobody the offer twice and finishes the rest.
//
//   LOYALTY_ADMIN_TOKEN=... node demo/server/tools/give-offer.mjs \
//       --server http://127.0.0.1:8080 --offer offer.json --customers ids.txt
//
// ids.txt: one customer id per line ("-" reads standard input); blank lines and lines starting
// with # are skipped. offer.json: the body of POST /api/loyalty/customers/{id}/offers.
// Prints one line per customer: "<id>\tgiven", "<id>\talready given" or "<id>\trefused: ...".
// Exit status: 0 when every customer has the offer, 1 when any was refused, 2 on a usage error.
// The token comes from the environment, never the command line (which `ps` shows to everyone).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE = 'usage: LOYALTY_ADMIN_TOKEN=... give-offer.mjs --server URL --offer FILE --customers FILE|-';
const ATTEMPTS = 4; // a 503 or a dropped connection is retried: the give is idempotent
const PARALLEL = 4;

function fail(message) {
    process.stderr.write(`give-offer: ${message}\n${USAGE}\n`);
    process.exit(2);
}

function readArgs() {
    let values;
    try {
        ({ values } = parseArgs({ options: { server: { type: 'string' }, offer: { type: 'string' }, customers: { type: 'string' } } }));
    } catch (e) {
        fail(e.message);
    }
    for (const name of ['server', 'offer', 'customers']) if (!values[name]) fail(`--${name} is required`);
    const token = process.env.LOYALTY_ADMIN_TOKEN;
    if (!token) fail('set LOYALTY_ADMIN_TOKEN to the server\'s admin token');
    let offer;
    try {
        offer = JSON.parse(readFileSync(values.offer, 'utf8'));
    } catch (e) {
        fail(`${values.offer}: ${e.message}`);
    }
    if (!offer || typeof offer !== 'object' || Array.isArray(offer)) fail(`${values.offer}: expected a JSON object`);
    const text = readFileSync(values.customers === '-' ? 0 : values.customers, 'utf8');
    const ids = [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))];
    return { server: values.server.replace(/\/+$/, ''), token, offer, ids };
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** One customer's give: "given", "already given" or "refused: <why>". */
async function giveOne({ server, token, offer }, id) {
    const url = `${server}/api/loyalty/customers/${encodeURIComponent(id)}/offers`;
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
            const res = await fetch(url, {
                method: 'POST',
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                body: JSON.stringify(offer),
            });
            const reply = await res.json().catch(() => ({}));
            if (res.status === 201) return 'given';
            if (res.status === 200) return 'already given';
            const why = (reply.errors || []).map((e) => (e.path ? `${e.path}: ` : '') + e.message).join('; ') || `HTTP ${res.status}`;
            if (res.status < 500) return `refused: ${why}`;
            last = why;
        } catch (e) {
            last = e.cause?.message || e.message;
        }
        await pause(250 * 2 ** attempt);
    }
    return `refused: ${last} (after ${ATTEMPTS} attempts)`;
}

async function main() {
    const job = readArgs();
    let next = 0;
    let refused = 0;
    const results = new Array(job.ids.length);
    const worker = async () => {
        while (next < job.ids.length) {
            const i = next++;
            results[i] = await giveOne(job, job.ids[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, job.ids.length) }, worker));
    // In the list's order, so the output lines up with the input.
    job.ids.forEach((id, i) => {
        if (results[i].startsWith('refused')) refused++;
        process.stdout.write(`${id}\t${results[i]}\n`);
    });
    process.stderr.write(`give-offer: ${job.ids.length - refused} of ${job.ids.length} customers have offer ${job.offer.id}\n`);
    process.exit(refused ? 1 : 0);
}

main();
