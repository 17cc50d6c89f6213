// What the static file server decides from a file's name alone: its media type, whether it is
// worth compressing, and whether its name carries a content hash (then it is cached forever).
#pragma once

#include <string>
#include <string_view>

namespace loyalty::server {

/** The Content-Type for a file name by its extension ("application/wasm" for .wasm, text types
 *  with "; charset=utf-8"); "application/octet-stream" when unknown. */
std::string_view mime_type(std::string_view file_name);

/** Text-like types (HTML, JS, CSS, JSON, SVG, WebAssembly, ...) that gzip shrinks. */
bool compressible(std::string_view content_type);

/** True when the name holds a content hash: a '.'- or '-'-separated part after the first, of
 *  8-64 characters, all hex digits or all upper-case letters and digits, with at least one digit
 *  and one letter ("loyalty-ui.3f9a0c12be.js", esbuild's "chunk-5XJ2KQ3B.js"). A date such as
 *  "report-20261126.csv" is not a hash. */
bool has_content_hash(std::string_view file_name);

/** Cache-Control for a file: a year and immutable for hashed names, "no-cache" (always
 *  revalidate) for HTML, five minutes for the rest. */
std::string_view cache_control_for(std::string_view file_name, std::string_view content_type);

/** Whether an Accept-Encoding header admits gzip ("gzip", "gzip;q=0.5", "*"; not "gzip;q=0"). */
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace loyalty::server
