// Linked into the widget module's glue (--post-js; runs inside the module factory): the four
// operations under the names Embind gave them, each taking and returning a JS string, over the C
// export loyalty_widget_call (exports_widget.cpp). Requests go in as Embind's std::string took
// them (a string as UTF-8, bytes as they are); responses come back as the core's UTF-8 (TextDecoder).
// A trap inside the core propagates as the WebAssembly.RuntimeError the caller already handles.
['validate_json', 'status_json', 'preview_json', 'survey_eligibility_json'].forEach(
    (name, index) => {
        Module[name] = (text) => {
            // What Embind's std::string accepts: a string (sent as UTF-8) or bytes, copied as they are.
            let request;
            if (typeof text == 'string') request = new TextEncoder().encode(text);
            else if (text instanceof ArrayBuffer) request = new Uint8Array(text);
            else if (text instanceof Uint8Array || text instanceof Uint8ClampedArray || text instanceof Int8Array) {
                request = new Uint8Array(text.buffer, text.byteOffset, text.byteLength);
            } else throw new TypeError(`${name}: expected a string or bytes`);
            const input = _malloc(request.length || 1);
            if (!input) throw new Error(`${name}: out of memory`);
            HEAPU8.set(request, input);
            const output = _loyalty_widget_call(index, input, request.length);
            _free(input);
            if (!output) throw new Error(`${name}: out of memory`);
            // Memory may have grown during the call: HEAPU8 is read again after it.
            const length = (HEAPU8[output] | (HEAPU8[output + 1] << 8) | (HEAPU8[output + 2] << 16) |
                (HEAPU8[output + 3] << 24)) >>> 0;
            const response = new TextDecoder().decode(HEAPU8.subarray(output + 4, output + 4 + length));
            _free(output);
            return response;
        };
    });
