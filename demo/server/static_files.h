// Static files under URL prefixes (--static PREFIX=DIR): the widget's assets, a shop, the
// calculator. Correct media types, long caching for content-hashed names, gzip (a precompressed
// "name.gz" beside the file when there is one, else compressed once and kept in memory),
// ETags with 304s, and no way out of a mount (no "..", no dot-files, symlinks resolved).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace loyalty::server {

/** The file a URL path names inside a mount directory, or empty when the path tries to leave
 *  it, names a hidden file or has bytes no file name should (NUL, backslash). Directories map
 *  to their index.html. Does not check that the file exists. */
std::optional<std::filesystem::path> path_inside(const std::filesystem::path& root,
                                                 std::string_view relative);

class StaticFiles {
  public:
    explicit StaticFiles(std::vector<Mount> mounts);

    /** Mounts whose directory is missing, as messages for the start-up check. */
    std::vector<std::string> problems() const;
    /** The mounts, longest prefix first. */
    const std::vector<Mount>& mounts() const { return mounts_; }

    /** Serves the request when a mount covers its path: true when it answered (a file, a 304,
     *  or a 404 for a path inside a mount that names no file); false when no mount covers it. */
    bool serve(const httplib::Request& req, httplib::Response& res);

  private:
    struct Compressed {
        std::filesystem::file_time_type mtime;
        uintmax_t size = 0;
        std::shared_ptr<const std::string> gz;
    };
    std::shared_ptr<const std::string> compressed(const std::filesystem::path& file,
                                                  std::filesystem::file_time_type mtime,
                                                  uintmax_t size);

    std::vector<Mount> mounts_;
    std::vector<std::filesystem::path> roots_;  // canonical, same order as mounts_
    std::mutex cache_mutex_;
    std::unordered_map<std::string, Compressed> cache_;
    size_t cache_bytes_ = 0;
};

/** Files up to this size are compressed on the fly; larger ones only have a .gz served. */
inline constexpr uintmax_t kMaxCompressOnTheFly = 16u << 20;

}  // namespace loyalty::server
