#include "ids.h"

namespace loyalty::server {
namespace {

bool alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool all_of(std::string_view s, std::string_view extra, size_t min, size_t max) {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s) {
        if (!alnum(c) && extra.find(c) == std::string_view::npos) return false;
    }
    return true;
}

}  // namespace

bool valid_customer_id(std::string_view id) { return all_of(id, "._-:@+", 1, 128); }
bool valid_record_id(std::string_view id) { return all_of(id, "._-:/#", 1, 64); }
bool valid_idempotency_key(std::string_view key) { return all_of(key, "-_", 8, 128); }
bool valid_request_id(std::string_view id) { return all_of(id, "._-", 1, 64); }

}  // namespace loyalty::server
