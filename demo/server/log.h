// Structured logs on stdout, one line per record: JSON (default) or readable text. Safe to call
// from any thread; each record is written with one call, so lines never interleave.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace loyalty::server {

enum class LogFormat { Json, Text };

class Logger {
  public:
    explicit Logger(LogFormat format = LogFormat::Json) : format_(format) {}

    using Fields = nlohmann::ordered_json;  // fields keep the order they are given in

    /** Writes one record: {"ts", "level", "msg", ...fields}. `fields` must be an object. */
    void write(std::string_view level, std::string_view msg, const Fields& fields = {});
    void info(std::string_view msg, const Fields& fields = {}) { write("info", msg, fields); }
    void warn(std::string_view msg, const Fields& fields = {}) { write("warn", msg, fields); }
    void error(std::string_view msg, const Fields& fields = {}) { write("error", msg, fields); }

  private:
    LogFormat format_;
    std::mutex mutex_;
};

}  // namespace loyalty::server
