// Fuzzes how loyalty-server reads a request body (demo/server/json_body.cpp and the FieldReader
// of request_body.cpp): any bytes as a body. Beyond not crashing: it accepts exactly what
// nlohmann's own parser accepts, except documents nested deeper than kMaxJsonDepth; an accepted
// document equals nlohmann's reading of it and is never deeper than that; an error has a
// message and a path that is "" or a JSON Pointer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "json_body.h"
#include "request_body.h"

namespace {

using nlohmann::json;

[[noreturn]] void broken(const char* problem) {
    std::fprintf(stderr, "fuzz_server_body: %s\n", problem);
    std::abort();
}

int depth_of(const json& v) {
    // Recursion is safe here: an accepted document is at most kMaxJsonDepth deep.
    if (!v.is_structured()) return 0;
    int deepest = 0;
    for (const auto& item : v) deepest = std::max(deepest, depth_of(item));
    return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto ours = loyalty::server::parse_json_limited(text);
    const json theirs = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (ours.ok()) {
        if (theirs.is_discarded()) broken("accepted what nlohmann refuses");
        if (ours.value() != theirs) broken("read a different value than nlohmann");
        if (depth_of(ours.value()) > loyalty::server::kMaxJsonDepth) broken("accepted too deep");
    } else {
        const auto& e = ours.errors().front();
        if (e.message.empty()) broken("an error without a message");
        if (!e.path.empty() && e.path.front() != '/') broken("a path that is not a JSON Pointer");
        const bool too_deep = e.message.find("nested deeper") != std::string::npos;
        if (!theirs.is_discarded() && !too_deep) broken("refused what nlohmann accepts");
    }
    // The field reader on whatever object came out: wrong types and sizes are errors, not crashes.
    auto body = loyalty::server::parse_object_body(text);
    if (body.ok()) {
        loyalty::Errors errors;
        loyalty::server::FieldReader r(body.value(), errors);
        r.string("a", false, 16);
        r.integer("n", false, -5, 5);
        r.boolean("b", false);
        r.raw("lines", false);
        r.reject_unknown({"a", "n", "b", "lines"});
        for (const auto& e : errors) {
            if (e.message.empty()) broken("a field error without a message");
        }
    }
    return 0;
}
