// The owner's console: its page, script and stylesheet, compiled into the server (generated from
// demo/server/assets/ by CMake), so the binary serves it wherever it runs. It is served under a
// stricter policy than other pages (kConsoleCsp: no inline style either, no framing).
#pragma once

#include <string_view>

namespace loyalty::server {

struct Asset {
    std::string_view url;   // "/admin", "/admin/surveys", "/admin/console.js", ...
    std::string_view file;  // its name in demo/server/assets/ (the media type follows from it)
    std::string_view body;
};

inline constexpr std::string_view kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

/** The asset served at `url`, or nullptr. */
const Asset* find_dashboard_asset(std::string_view url);

}  // namespace loyalty::server
