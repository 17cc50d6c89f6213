#include "log.h"

#include <cstdio>

#include "clock.h"

namespace loyalty::server {
namespace {

/** A value as text-format logs show it: bare when it is a simple word, JSON otherwise (quoted,
 *  escaped), so a path holding a newline cannot forge a second log line. */
std::string text_value(const nlohmann::ordered_json& value) {
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        bool bare = !s.empty();
        for (unsigned char c : s) bare = bare && c > ' ' && c != '"' && c != '=' && c < 0x7f;
        if (bare) return s;
    }
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

void Logger::write(std::string_view level, std::string_view msg, const Fields& fields) {
    std::string line;
    const std::string ts = utc_stamp(system_now_ms());
    if (format_ == LogFormat::Json) {
        nlohmann::ordered_json record = {{"ts", ts}, {"level", level}, {"msg", msg}};
        if (fields.is_object()) {
            for (const auto& [key, value] : fields.items()) record[key] = value;
        }
        // Replace invalid UTF-8 (a hostile path) rather than throw from a log call.
        line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
        line = ts + " " + std::string(level) + " " + text_value(nlohmann::ordered_json(msg));
        if (fields.is_object()) {
            for (const auto& [key, value] : fields.items()) {
                line += " " + key + "=" + text_value(value);
            }
        }
    }
    line += '\n';
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

}  // namespace loyalty::server
