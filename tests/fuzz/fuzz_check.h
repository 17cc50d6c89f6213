// What every fuzz target demands of a core response, beyond not crashing: it is one JSON object
// with a boolean "ok", and an ok:false document lists at least one {path, message} error.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>

namespace loyalty::fuzz {

/** Stops the fuzzer (so it saves the input) with a message when `response` breaks the contract
 *  of the JSON API; the input that led to it is a new vector to write. */
inline void check_response(std::string_view response) {
    using json = nlohmann::json;
    const json parsed = json::parse(response, nullptr, /*allow_exceptions=*/false);
    const char* problem = nullptr;
    if (parsed.is_discarded() || !parsed.is_object()) {
        problem = "the response is not a JSON object";
    } else if (!parsed.contains("ok") || !parsed["ok"].is_boolean()) {
        problem = "the response has no boolean \"ok\"";
    } else if (!parsed["ok"].get<bool>()) {
        const auto errors = parsed.find("errors");
        if (errors == parsed.end() || !errors->is_array() || errors->empty()) {
            problem = "an ok:false response lists no errors";
        } else {
            for (const auto& e : *errors) {
                if (!e.is_object() || !e.contains("path") || !e["path"].is_string() ||
                    !e.contains("message") || !e["message"].is_string() ||
                    e["message"].get_ref<const std::string&>().empty()) {
                    problem = "an error lacks a string path or a non-empty message";
                    break;
                }
            }
        }
    }
    if (problem != nullptr) {
        std::fprintf(stderr, "contract violated: %s\nresponse: %.*s\n", problem,
                     static_cast<int>(response.size() > 2000 ? 2000 : response.size()),
                     response.data());
        __builtin_trap();
    }
}

}  // namespace loyalty::fuzz
