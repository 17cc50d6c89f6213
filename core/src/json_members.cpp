// `put`: one out-of-line function per value type for setting an object's member (json_reader.h
// says why).
#include "json_reader.h"

namespace loyalty {

void put(json& object, const char* key, json value) { object[key] = std::move(value); }
void put(json& object, const char* key, const std::string& value) { object[key] = value; }
void put(json& object, const char* key, std::string&& value) { object[key] = std::move(value); }
void put(json& object, const char* key, const char* value) { object[key] = value; }
void put(json& object, const char* key, std::nullptr_t) { object[key] = nullptr; }
void put_bool(json& object, const char* key, bool value) { object[key] = value; }
void put_int(json& object, const char* key, int64_t value) { object[key] = value; }
void put_uint(json& object, const char* key, uint64_t value) { object[key] = value; }
void put_instant(json& object, const char* key, std::optional<Instant> t, Zone zone) {
    if (t)
        object[key] = format_instant(*t, zone);
    else
        object[key] = nullptr;
}

}  // namespace loyalty
