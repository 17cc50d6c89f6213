// The survey dashboard's page, script and stylesheet, compiled into the server (generated from
// demo/server/assets/ by CMake), so the binary serves it wherever it runs.
#pragma once

#include <string_view>

namespace loyalty::server {

struct Asset {
    std::string_view url;   // "/admin/surveys", "/admin/surveys.js", ...
    std::string_view file;  // its name in demo/server/assets/ (the media type follows from it)
    std::string_view body;
};

/** The asset served at `url`, or nullptr. */
const Asset* find_dashboard_asset(std::string_view url);

}  // namespace loyalty::server
