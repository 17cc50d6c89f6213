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

/** The size of `path` in bytes when it is a regular file; 0 for "-", a pipe or anything that
 *  cannot be stat()ed (the size is only a hint for the reader's reservations). */
size_t input_size_hint(const std::string& path);

/** True when `path` is "-" and stdin is an interactive terminal (nothing was piped in). */
bool stdin_is_terminal(const std::string& path);

/** Writes `text` to stdout and flushes; false when the write failed (closed pipe, full disk). */
bool write_stdout(std::string_view text);

}  // namespace loyalty::cli
