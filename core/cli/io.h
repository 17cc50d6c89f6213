// File and stream I/O for the CLI: the only place in the project that touches files for the core.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "loyalty/error.h"

namespace loyalty::cli {

/** The whole content of `path` ("-" reads stdin). Fails, with Error{path, reason}, when the file
 *  cannot be opened or read, or holds more than `max_bytes`. */
Result<std::string> read_input(const std::string& path, size_t max_bytes);

/** Feeds `path` ("-" = stdin) to `sink` in chunks of at most `chunk_bytes`, so a file of any size
 *  is read in constant memory. Stops early when `sink` returns false. Fails like read_input. */
Result<bool> for_each_chunk(const std::string& path, size_t chunk_bytes,
                            const std::function<bool(std::string_view)>& sink);

/** True when `path` is "-" and stdin is an interactive terminal (nothing was piped in). */
bool stdin_is_terminal(const std::string& path);

/** Writes `text` to stdout and flushes; false when the write failed (closed pipe, full disk). */
bool write_stdout(std::string_view text);

}  // namespace loyalty::cli
