// The one conversion the bindings need: Embind passes JS strings as std::string (UTF-8, copied
// into the wasm heap once), while the core's entry points take std::string_view. Each exported
// function is one JSON document in, one out; no Embind object or handle reaches JS.
#pragma once

#include <string>
#include <string_view>

namespace loyalty::wasm {

using JsonOperation = std::string (*)(std::string_view);

/** Adapts a core JSON entry point to the std::string signature Embind can bind. Never throws:
 *  the core's operations return error documents instead. */
template <JsonOperation Operation>
std::string json_entry(const std::string& request) {
    return Operation(request);
}

}  // namespace loyalty::wasm
