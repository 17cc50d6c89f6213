// The typed JS API over the loyalty WebAssembly modules (see docs/js-api.md, engine.d.ts).
//
// One engine wraps one instance of either module:
//   widget      validate, status, preview, surveyEligibility (what the widget itself calls)
//   calculator  the same plus surveySummary, metrics, numbers and metricsFromBytes (streaming CSV import)
// Every method takes a plain object or JSON text and returns a plain object: the core's response
// document, {ok: true, ...} or {ok: false, errors: [{path, message, code}]}. Bad input never throws;
// only loading the module can fail with a LoyaltyError, whose `.code` is stable.

/** The one error class of the API: thrown only when the module cannot be loaded. */
export class LoyaltyError extends Error {
    constructor(code, message, options) {
        super(message, options);
        this.name = 'LoyaltyError';
        this.code = code;
    }
}

/** Operation name -> [engine method, Embind function]; names mirror the core's api.h. */
const OPERATIONS = {
    validate: ['validate', 'validate_json'],
    status: ['status', 'status_json'],
    preview: ['preview', 'preview_json'],
    'survey-eligibility': ['surveyEligibility', 'survey_eligibility_json'],
    'survey-summary': ['surveySummary', 'survey_summary_json'],
    metrics: ['metrics', 'metrics_json'],
    numbers: ['numbers', 'numbers_json'],
};

const MODULES = {
    widget: {
        script: 'loyalty-widget.js',
        wasm: 'loyalty-widget.wasm',
        operations: ['validate', 'status', 'preview', 'survey-eligibility'],
    },
    calculator: {
        script: 'loyalty-calculator.js',
        wasm: 'loyalty-calculator.wasm',
        operations: Object.keys(OPERATIONS),
    },
};
/** The calculator built with wasm SIMD (-msimd128), chosen where the platform validates SIMD. */
const CALCULATOR_SIMD = { script: 'loyalty-calculator-simd.js', wasm: 'loyalty-calculator-simd.wasm' };

/** A module of one function, () -> v128 { i8x16.popcnt(i8x16.splat(0)) }: it validates only
 *  where wasm SIMD (the final 128-bit proposal) is supported. */
const SIMD_PROBE = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** True when this platform runs wasm SIMD (the calculator then loads its SIMD build). */
export function wasmSimdSupported() {
    try {
        return WebAssembly.validate(SIMD_PROBE);
    } catch {
        return false;
    }
}

/** Bytes copied into the module per CSV chunk: large enough to amortise the call, small enough
 *  to keep the wasm heap (which never shrinks) small. */
const CSV_CHUNK_BYTES = 1 << 20;

const isNode =
    typeof process === 'object' &&
    typeof process.versions === 'object' &&
    typeof process.versions.node === 'string';

/** An error document; `code` is one of docs/api.md's error codes. */
function errorDocument(path, message, code = 'invalid') {
    return { ok: false, errors: [{ path, message, code }] };
}

/** A short description of a JS value for messages, in the core's words ("a number 5"). */
function describe(value) {
    if (value === undefined) return 'undefined';
    if (value === null) return 'null';
    if (typeof value === 'bigint') return 'a bigint';
    if (typeof value === 'function') return 'a function';
    if (typeof value === 'symbol') return 'a symbol';
    if (Array.isArray(value)) return 'an array';
    return `a ${typeof value}`;
}

/** Index of the first lone surrogate in `text`, or -1: such text has no UTF-8 form, and
 *  Emscripten's encoder would silently turn it into a different character. */
function loneSurrogateIndex(text) {
    if (typeof text.isWellFormed === 'function' && text.isWellFormed()) return -1;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
            const next = text.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) {
                i++;
                continue;
            }
            return i;
        }
        if (c >= 0xdc00 && c <= 0xdfff) return i;
    }
    return -1;
}

/**
 * Turns what a caller passed into what the module takes: JSON text (a string) or UTF-8 bytes.
 * Returns {text} or {error} (an error document); never throws.
 */
function requestInput(request, path = '') {
    if (typeof request === 'string') {
        const bad = loneSurrogateIndex(request);
        if (bad >= 0) {
            return {
                error: errorDocument(
                    path,
                    `expected well-formed Unicode text, found a lone surrogate at index ${bad}`,
                    'not_json',
                ),
            };
        }
        return { text: request };
    }
    if (request instanceof Uint8Array) return { text: request };
    if (request instanceof ArrayBuffer) return { text: new Uint8Array(request) };
    if (ArrayBuffer.isView(request)) {
        return { text: new Uint8Array(request.buffer, request.byteOffset, request.byteLength) };
    }
    let text;
    try {
        // JSON.stringify escapes lone surrogates (\ud800), which the core then refuses by path.
        text = JSON.stringify(request);
    } catch (e) {
        return {
            error: errorDocument(path, `expected a JSON-serialisable request: ${e && e.message}`, 'not_json'),
        };
    }
    if (typeof text !== 'string') {
        return { error: errorDocument(path, `expected a request object or JSON text, got ${describe(request)}`, 'wrong_type') };
    }
    return { text };
}

function parseResponse(text) {
    try {
        return JSON.parse(text);
    } catch (e) {
        return errorDocument('', `internal error: the module returned invalid JSON (${e.message})`, 'internal');
    }
}

function toUrl(value, base) {
    if (value instanceof URL) return value;
    return new URL(String(value), base);
}

function defaultBaseUrl() {
    return new URL('./', import.meta.url);
}

async function readWasmBytes(url) {
    if (isNode && url.protocol === 'file:') {
        const fs = await import('node:fs/promises');
        return fs.readFile(url);
    }
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.href}`);
    return response;
}

/** Fetches and compiles the .wasm (streaming when served as application/wasm). */
async function compileWasm(options, spec) {
    if (options.wasmModule instanceof WebAssembly.Module) return options.wasmModule;
    let source;
    try {
        source =
            options.wasmBinary !== undefined
                ? options.wasmBinary
                : await readWasmBytes(toUrl(options.wasmUrl ?? spec.wasm, options.baseUrl));
    } catch (e) {
        throw new LoyaltyError('wasm_fetch_failed', `could not load ${spec.wasm}: ${e.message}`, {
            cause: e,
        });
    }
    try {
        if (typeof Response !== 'undefined' && source instanceof Response) {
            const fallback = source.clone();
            if (typeof WebAssembly.compileStreaming === 'function') {
                try {
                    return await WebAssembly.compileStreaming(source);
                } catch (e) {
                    // Served with another MIME type: compile the same bytes without refetching.
                    if (!(e instanceof TypeError)) throw e;
                }
            }
            return await WebAssembly.compile(await fallback.arrayBuffer());
        }
        return await WebAssembly.compile(source);
    } catch (e) {
        throw new LoyaltyError('wasm_compile_failed', `could not compile ${spec.wasm}: ${e.message}`, {
            cause: e,
        });
    }
}

async function loadFactory(options, spec) {
    if (typeof options.factory === 'function') return options.factory;
    const url = toUrl(options.scriptUrl ?? spec.script, options.baseUrl);
    let imported;
    try {
        imported = await import(/* webpackIgnore: true */ url.href);
    } catch (e) {
        throw new LoyaltyError('script_load_failed', `could not load ${url.href}: ${e.message}`, {
            cause: e,
        });
    }
    if (typeof imported.default !== 'function') {
        throw new LoyaltyError('script_load_failed', `${url.href} exports no module factory`);
    }
    return imported.default;
}

/**
 * Runs the Emscripten factory on an already compiled module. Instantiation is synchronous
 * where the platform allows it (workers, node), so a restarted instance is usable at once.
 * Resolves to the Module object holding the Embind functions.
 */
function instantiate(factory, wasmModule, onAbort) {
    return new Promise((resolve, reject) => {
        let settled = false;
        const fail = (e) => {
            if (settled) return;
            settled = true;
            reject(
                e instanceof LoyaltyError
                    ? e
                    : new LoyaltyError('instantiate_failed', `could not start the module: ${e && e.message ? e.message : e}`, { cause: e }),
            );
        };
        const moduleArg = {
            instantiateWasm(imports, receive) {
                let instance;
                try {
                    instance = new WebAssembly.Instance(wasmModule, imports);
                } catch (syncError) {
                    // Main threads may refuse synchronous instantiation; do it asynchronously.
                    if (!(syncError instanceof RangeError)) {
                        fail(syncError);
                        return {};
                    }
                    WebAssembly.instantiate(wasmModule, imports).then(
                        (inst) => receive(inst, wasmModule),
                        fail,
                    );
                    return {};
                }
                receive(instance, wasmModule);
                return instance.exports;
            },
            onAbort(what) {
                if (onAbort) onAbort(what);
                fail(new Error(`aborted: ${what}`));
            },
        };
        let ready;
        try {
            ready = factory(moduleArg);
        } catch (e) {
            fail(e);
            return;
        }
        Promise.resolve(ready).then((mod) => {
            if (settled) return;
            settled = true;
            resolve(mod || moduleArg);
        }, fail);
    });
}

/**
 * Loads a module and returns an engine over it.
 * @param {import('./engine').EngineOptions} [options]
 * @returns {Promise<import('./engine').LoyaltyEngine>}
 */
export async function createLoyaltyEngine(options = {}) {
    if (options === null || typeof options !== 'object') {
        throw new LoyaltyError('invalid_options', `expected an options object, got ${describe(options)}`);
    }
    const kind = options.module ?? 'widget';
    if (!MODULES[kind] || !Object.prototype.hasOwnProperty.call(MODULES, kind)) {
        throw new LoyaltyError('invalid_options', `options.module must be "widget" or "calculator", got ${JSON.stringify(String(kind))}`);
    }
    let spec = MODULES[kind];
    // The calculator's SIMD build where the platform has SIMD (options.simd: true or false forces
    // a choice; "auto", the default, asks WebAssembly.validate). The widget's bundled worker
    // never loads the calculator, so esbuild drops this there.
    let simd = false;
    if (globalThis.LOYALTY_WIDGET_WORKER !== true && kind === 'calculator') {
        const want = options.simd ?? 'auto';
        if (want !== 'auto' && typeof want !== 'boolean') {
            throw new LoyaltyError('invalid_options', `options.simd must be true, false or "auto", got ${JSON.stringify(String(want))}`);
        }
        simd = want === 'auto' ? wasmSimdSupported() : want;
        if (simd) spec = { ...spec, ...CALCULATOR_SIMD };
    }
    let opts;
    try {
        opts = { ...options, baseUrl: toUrl(options.baseUrl ?? defaultBaseUrl(), defaultBaseUrl()) };
        if (opts.baseUrl.href.slice(-1) !== '/' && options.baseUrl !== undefined) {
            opts.baseUrl = new URL(opts.baseUrl.href + '/');
        }
    } catch (e) {
        throw new LoyaltyError('invalid_options', `options.baseUrl is not a URL: ${e.message}`, { cause: e });
    }
    // Both downloads run in parallel; when both fail, the script's error is the one reported.
    const [script, wasm] = await Promise.allSettled([loadFactory(opts, spec), compileWasm(opts, spec)]);
    if (script.status === 'rejected') throw script.reason;
    if (wasm.status === 'rejected') throw wasm.reason;
    const factory = script.value;
    const wasmModule = wasm.value;
    const mod = await instantiate(factory, wasmModule);
    return new Engine(kind, spec, factory, wasmModule, mod, simd);
}

class Engine {
    #kind;
    #spec;
    #factory;
    #wasmModule;
    #mod;
    #restarting = null;
    #simd;

    constructor(kind, spec, factory, wasmModule, mod, simd) {
        this.#simd = simd;
        this.#kind = kind;
        this.#spec = spec;
        this.#factory = factory;
        this.#wasmModule = wasmModule;
        this.#mod = mod;
    }

    /** "widget" or "calculator". */
    get module() {
        return this.#kind;
    }

    /** True when this engine runs the calculator's wasm SIMD build. */
    get simd() {
        return this.#simd;
    }

    /** The operation names this engine's module answers, in the core's spelling. */
    get operations() {
        return this.#spec.operations.slice();
    }

    /** Size of the module's linear memory in bytes (it grows, never shrinks): a diagnostic. */
    get memoryBytes() {
        return this.#mod ? this.#mod.HEAPU8.length : 0;
    }

    validate(program) {
        return this.run('validate', program);
    }
    status(request) {
        return this.run('status', request);
    }
    preview(request) {
        return this.run('preview', request);
    }
    surveyEligibility(request) {
        return this.run('survey-eligibility', request);
    }
    surveySummary(request) {
        return this.run('survey-summary', request);
    }
    metrics(request) {
        return this.run('metrics', request);
    }
    numbers(request) {
        return this.run('numbers', request);
    }

    /** Runs an operation by its core name ("survey-summary"); returns the response object. */
    run(operation, request) {
        const input = requestInput(request);
        if (input.error) return input.error;
        const text = this.#call(operation, input.text);
        return typeof text === 'string' ? parseResponse(text) : text;
    }

    /** Like run, but returns the response text exactly as the core wrote it (for 64-bit
     *  integers beyond 2^53, or to forward verbatim). */
    runText(operation, request) {
        const input = requestInput(request);
        if (input.error) return JSON.stringify(input.error);
        const text = this.#call(operation, input.text);
        return typeof text === 'string' ? text : JSON.stringify(text);
    }

    /** Calls one Embind function; returns the response text or an error document. */
    #call(operation, text) {
        if (typeof operation !== 'string' || !Object.prototype.hasOwnProperty.call(OPERATIONS, operation)) {
            return errorDocument('', `unknown operation ${JSON.stringify(String(operation))}; expected one of ${Object.keys(OPERATIONS).join(', ')}`, 'not_allowed');
        }
        if (!this.#spec.operations.includes(operation)) {
            return errorDocument('', `${operation} is not in the ${this.#kind} module; create the engine with module: "calculator"`, 'not_allowed');
        }
        const mod = this.#mod;
        if (!mod) return errorDocument('', 'the loyalty module is restarting after an internal error; try again', 'unavailable');
        try {
            return mod[OPERATIONS[operation][1]](text);
        } catch (e) {
            return this.#crashed(e);
        }
    }

    /** A trap inside the module (out of memory, a bug) leaves that instance unusable: answer with
     *  error data and start a fresh instance from the compiled module. */
    #crashed(e) {
        this.#mod = null;
        if (!this.#restarting) {
            this.#restarting = instantiate(this.#factory, this.#wasmModule).then(
                (mod) => {
                    this.#mod = mod;
                    this.#restarting = null;
                },
                () => {
                    this.#restarting = null;
                },
            );
        }
        const what = e && e.message ? e.message : String(e);
        return errorDocument('', `internal error in the loyalty module (${what}); it has been restarted`, 'internal');
    }

    /** Resolves once a restart that a crash began has finished (immediately when none). */
    async ready() {
        if (this.#restarting) await this.#restarting;
        if (!this.#mod) this.#mod = await instantiate(this.#factory, this.#wasmModule);
    }

    /**
     * Metrics over an order-history CSV given as bytes. The bytes stream through the module in
     * chunks, so a file of hundreds of megabytes needs no copy of itself as one string.
     * @param source File | Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>
     * @param options metrics options (period, program, ...) as an object or JSON text
     * @param onProgress called with {bytesRead, totalBytes, rows, memoryBytes} after each chunk
     * @param control {signal}: an AbortSignal; once aborted, reading stops before the next chunk
     *     and the answer is an error document with `cancelled: true`
     */
    async metricsFromBytes(source, options = {}, onProgress = undefined, control = {}) {
        // The widget's worker is bundled (web/tools/build-widget.mjs) with this name defined as
        // true: it only runs the widget module, so esbuild drops the streaming below, 382 B gzip
        // of every page's widget download. Unbundled, the name is undefined and this is false.
        if (globalThis.LOYALTY_WIDGET_WORKER === true || !this.#spec.operations.includes('metrics')) {
            return errorDocument('', 'metrics is not in the widget module; create the engine with module: "calculator"', 'not_allowed');
        }
        const input = requestInput(options ?? {}, '');
        if (input.error) return input.error;
        if (typeof onProgress !== 'function' && onProgress !== undefined && onProgress !== null) {
            return errorDocument('', `expected onProgress to be a function, got ${describe(onProgress)}`, 'wrong_type');
        }
        const signal = control && control.signal;
        if (signal !== undefined && signal !== null && typeof signal.aborted !== 'boolean') {
            return errorDocument('', `expected control.signal to be an AbortSignal, got ${describe(signal)}`, 'wrong_type');
        }
        const cancelled = () => (signal && signal.aborted ? { ...errorDocument('', 'cancelled: the CSV import was stopped', 'cancelled'), cancelled: true } : null);
        const chunks = chunkSource(source);
        if (chunks.error) return chunks.error;
        await this.ready();
        const mod = this.#mod;
        let session = null;
        try {
            try {
                // The size, when known, lets the reader size its tables once.
                const sizeHint = Number.isFinite(chunks.totalBytes) && chunks.totalBytes > 0 ? chunks.totalBytes : 0;
                session = new mod.CsvMetricsSession(input.text, sizeHint);
                // Unusable reader settings: answer now rather than after reading the whole file.
                const optionErrors = session.options_errors();
                if (optionErrors) return parseResponse(optionErrors);
            } catch (e) {
                session = null;
                return this.#crashed(e);
            }
            let bytesRead = 0;
            try {
                for await (const chunk of chunks.iterate()) {
                    if (cancelled()) return cancelled();
                    if (this.#mod !== mod) {
                        session = null; // it belonged to the instance that was replaced
                        return errorDocument('', 'the loyalty module restarted while reading the CSV; try again', 'unavailable');
                    }
                    try {
                        for (let offset = 0; offset < chunk.length; offset += CSV_CHUNK_BYTES) {
                            const part = chunk.subarray(offset, Math.min(chunk.length, offset + CSV_CHUNK_BYTES));
                            // A view into the wasm heap: taken again for each part, as memory may grow.
                            session.buffer(part.length).set(part);
                            session.consume(part.length);
                        }
                    } catch (e) {
                        session = null;
                        return this.#crashed(e);
                    }
                    bytesRead += chunk.length;
                    if (onProgress) {
                        try {
                            onProgress({ bytesRead, totalBytes: chunks.totalBytes, rows: session.rows(), memoryBytes: mod.HEAPU8.length });
                        } catch (e) {
                            return errorDocument('', `the onProgress callback threw: ${e && e.message ? e.message : e}`);
                        }
                    }
                }
            } catch (e) {
                return errorDocument('', `could not read the CSV source: ${e && e.message ? e.message : e}`);
            }
            if (cancelled()) return cancelled();
            try {
                return parseResponse(session.finish());
            } catch (e) {
                session = null;
                return this.#crashed(e);
            }
        } finally {
            if (session) session.delete();
        }
    }
}

/** Normalises a byte source into an async iterator of Uint8Array chunks; {error} when the
 *  source is of an unsupported type. */
function chunkSource(source) {
    if (source instanceof ArrayBuffer) source = new Uint8Array(source);
    else if (ArrayBuffer.isView(source) && !(source instanceof Uint8Array)) {
        source = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    }
    if (source instanceof Uint8Array) {
        const bytes = source;
        return {
            totalBytes: bytes.length,
            async *iterate() {
                for (let offset = 0; offset < bytes.length; offset += CSV_CHUNK_BYTES) {
                    yield bytes.subarray(offset, Math.min(bytes.length, offset + CSV_CHUNK_BYTES));
                }
            },
        };
    }
    if (typeof Blob !== 'undefined' && source instanceof Blob) {
        const blob = source;
        return {
            totalBytes: blob.size,
            async *iterate() {
                for (let offset = 0; offset < blob.size; offset += CSV_CHUNK_BYTES) {
                    const part = blob.slice(offset, Math.min(blob.size, offset + CSV_CHUNK_BYTES));
                    yield new Uint8Array(await part.arrayBuffer());
                }
            },
        };
    }
    if (source && typeof source.getReader === 'function') {
        const stream = source;
        return {
            totalBytes: null,
            async *iterate() {
                const reader = stream.getReader();
                try {
                    for (;;) {
                        const { done, value } = await reader.read();
                        if (done) return;
                        if (value instanceof Uint8Array) yield value;
                        else if (value instanceof ArrayBuffer) yield new Uint8Array(value);
                        else if (typeof value === 'string') yield new TextEncoder().encode(value);
                        else throw new TypeError(`the stream gave ${describe(value)}, expected Uint8Array chunks`);
                    }
                } finally {
                    reader.releaseLock();
                }
            },
        };
    }
    return {
        error: errorDocument('', `expected the CSV as a File, Blob, ArrayBuffer, Uint8Array or ReadableStream, got ${describe(source)}`, 'wrong_type'),
    };
}
