// The widget module's one entry point, as a plain C export instead of Embind. Embind's JS runtime
// is most of the glue (docs/performance.md) and its registration code sits in the wasm too,
// while the widget needs nothing but four functions from a string to a string. widget_api.js
// (linked as --post-js) puts those four back on the module object under Embind's names
// (validate_json, status_json, ...), so web/src/engine.js and every caller see the same surface.
// The calculator module keeps Embind (bindings_widget.cpp + bindings_calculator.cpp): it needs
// the CSV session class. The survey summary is not here: the widget never computes one (the
// server reports them), and it was a sizeable share of the widget's download; the calculator module
// has it. docs/performance.md has the measurements.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "loyalty/api.h"

namespace {

using Operation = std::string (*)(std::string_view);

// Indexed by the number widget_api.js passes; the same order as its list of names.
constexpr Operation kOperations[] = {
    loyalty::validate_json,
    loyalty::status_json,
    loyalty::preview_json,
    loyalty::survey_eligibility_json,
};

}  // namespace

/** Runs operation `index` (0 validate, 1 status, 2 preview, 3 survey eligibility) on the UTF-8
 *  request of `length` bytes at `request`. Returns a malloc'd block: the
 *  response's byte length (uint32, little-endian) then its UTF-8 bytes; the caller frees it.
 *  Returns null for an unknown index or when memory runs out. Never throws: the core's
 *  operations return error documents. */
extern "C" EMSCRIPTEN_KEEPALIVE char* loyalty_widget_call(int index, const char* request,
                                                          size_t length) {
    if (index < 0 || size_t(index) >= std::size(kOperations)) return nullptr;
    const std::string response = kOperations[index](std::string_view(request, length));
    const auto size = uint32_t(response.size());
    auto* block = static_cast<char*>(std::malloc(sizeof size + response.size()));
    if (!block) return nullptr;
    std::memcpy(block, &size, sizeof size);
    std::memcpy(block + sizeof size, response.data(), response.size());
    return block;
}
