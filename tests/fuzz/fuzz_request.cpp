// Fuzzes every operation's request parser: the first byte picks the operation (modulo their
// count), the remaining bytes are the request text handed to run_operation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "loyalty/api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const auto& names = loyalty::operation_names();
    const std::string_view operation = names[data[0] % names.size()];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    loyalty::fuzz::check_response(loyalty::run_operation(operation, text));
    return 0;
}
