// Prepended (--extern-pre-js) to the ES-module glue. Emscripten 3.1.6's loader, when it finds
// itself in node, uses the CommonJS names `require` and `__dirname`, which an ES module lacks
// ("__dirname is not defined in ES module scope"); later Emscripten versions define them the same
// way. Browsers and workers skip the node branch, so there both stay undefined and unused.
const loyaltyInNode = typeof process == 'object' && typeof process.versions == 'object' &&
    typeof process.versions.node == 'string';
const require = loyaltyInNode ?
    (await import('node:module')).createRequire(import.meta.url) : undefined;
const __dirname = loyaltyInNode ?
    require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url)) : undefined;
