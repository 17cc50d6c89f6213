// fflate's asynchronous unzip, as read-excel-file calls it, decompresses large entries in blob:
// workers, which the calculator's Content-Security-Policy (worker-src 'self') refuses. The xlsx
// reader already runs in a worker of its own, so this unzip decompresses right there; the build
// (web/tools/build-calculator.mjs) gives it to read-excel-file in place of fflate's.
import { unzipSync } from 'fflate';

export { strFromU8, Unzip } from 'fflate';

export function unzip(data, options, callback) {
    if (typeof options === 'function') {
        callback = options;
        options = {};
    }
    let files = null;
    let error = null;
    try {
        files = unzipSync(data, options);
    } catch (e) {
        error = e;
    }
    queueMicrotask(() => callback(error, files));
    return () => {};
}
