#include "io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace loyalty::cli {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f != stdin) std::fclose(f);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Result<File> open_input(const std::string& path) {
    if (path == "-") return File(stdin);
    errno = 0;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return Error{display_name(path), std::string("cannot open: ") + std::strerror(errno)};
    }
    return File(f);
}

}  // namespace

Result<bool> for_each_chunk(const std::string& path, size_t chunk_bytes,
                            const std::function<bool(std::string_view)>& sink) {
    auto file = open_input(path);
    if (!file.ok()) return file.errors();
    std::vector<char> buffer(chunk_bytes);
    for (;;) {
        const size_t got = std::fread(buffer.data(), 1, buffer.size(), file.value().get());
        if (got > 0 && !sink(std::string_view(buffer.data(), got))) return true;
        if (got < buffer.size()) {
            if (std::ferror(file.value().get())) {
                return Error{display_name(path),
                             std::string("cannot read: ") + std::strerror(errno)};
            }
            return true;  // end of file
        }
    }
}

Result<std::string> read_input(const std::string& path, size_t max_bytes) {
    std::string text;
    bool too_large = false;
    auto read = for_each_chunk(path, 1u << 16, [&](std::string_view chunk) {
        if (text.size() + chunk.size() > max_bytes) {
            too_large = true;
            return false;
        }
        text.append(chunk);
        return true;
    });
    if (!read.ok()) return read.errors();
    if (too_large) {
        return Error{display_name(path),
                     "is larger than " + std::to_string(max_bytes) + " bytes, the most accepted"};
    }
    return text;
}

size_t input_size_hint(const std::string& path) {
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return 0;
    return size_t(info.st_size);
}

bool stdin_is_terminal(const std::string& path) { return path == "-" && ::isatty(0) == 1; }

bool write_stdout(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return false;
    return std::fflush(stdout) == 0;
}

}  // namespace loyalty::cli
