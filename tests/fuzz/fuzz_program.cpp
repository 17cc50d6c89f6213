// Fuzzes the program parser: any bytes as a program.json document through validate_json.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "loyalty/api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    loyalty::fuzz::check_response(loyalty::validate_json(text));
    return 0;
}
