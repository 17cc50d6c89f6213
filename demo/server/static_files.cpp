#include "static_files.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gzip.h"
#include "mime.h"

namespace loyalty::server {

namespace fs = std::filesystem;

std::optional<fs::path> path_inside(const fs::path& root, std::string_view relative) {
    std::string rel(relative);
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    if (rel.find('\0') != std::string::npos || rel.find('\\') != std::string::npos)
        return std::nullopt;
    fs::path out = root;
    size_t start = 0;
    while (start <= rel.size()) {
        const size_t slash = rel.find('/', start);
        const std::string part =
            rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part.empty()) {
            if (slash == std::string::npos) break;
            start = slash + 1;
            continue;  // "a//b" is "a/b"
        }
        // ".", "..", and dot-files (.git, .env) are never served.
        if (part.front() == '.') return std::nullopt;
        out /= part;
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    return out;
}

StaticFiles::StaticFiles(std::vector<Mount> mounts) : mounts_(std::move(mounts)) {
    std::stable_sort(mounts_.begin(), mounts_.end(), [](const Mount& a, const Mount& b) {
        return a.prefix.size() > b.prefix.size();
    });
    for (const auto& m : mounts_) {
        std::error_code ec;
        fs::path root = fs::canonical(m.dir, ec);
        roots_.push_back(ec ? fs::path() : root);
    }
}

std::vector<std::string> StaticFiles::problems() const {
    std::vector<std::string> out;
    for (size_t i = 0; i < mounts_.size(); ++i) {
        std::error_code ec;
        if (roots_[i].empty() || !fs::is_directory(roots_[i], ec)) {
            out.push_back("--static " + mounts_[i].prefix + "=" + mounts_[i].dir +
                          ": no such directory");
        }
    }
    return out;
}

std::shared_ptr<const std::string> StaticFiles::compressed(const fs::path& file,
                                                           fs::file_time_type mtime,
                                                           uintmax_t size) {
    const std::string key = file.string();
    {
        std::lock_guard lock(cache_mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second.mtime == mtime && it->second.size == size)
            return it->second.gz;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    auto gz = gzip_compress(buffer.str());
    if (!gz) return nullptr;
    auto shared = std::make_shared<const std::string>(std::move(*gz));
    std::lock_guard lock(cache_mutex_);
    // A small site's assets fit easily; should they not, start over rather than grow unbounded.
    if (cache_bytes_ + shared->size() > (64u << 20)) {
        cache_.clear();
        cache_bytes_ = 0;
    }
    auto& slot = cache_[key];
    cache_bytes_ -= slot.gz ? slot.gz->size() : 0;
    slot = {mtime, size, shared};
    cache_bytes_ += shared->size();
    return shared;
}

namespace {

/** Serves `file` (`size` bytes) through a content provider: the library then leaves the body
 *  alone (it would otherwise compress a body it is handed, even an already gzipped one). */
void send_file(httplib::Response& res, const fs::path& file, uintmax_t size,
               std::string_view type) {
    std::shared_ptr<FILE> f(std::fopen(file.c_str(), "rb"), [](FILE* p) {
        if (p) std::fclose(p);
    });
    if (!f) {
        res.status = 404;
        return;
    }
    res.set_content_provider(size_t(size), std::string(type),
                             [f](size_t offset, size_t length, httplib::DataSink& sink) {
                                 char buffer[64 * 1024];
                                 if (std::fseek(f.get(), long(offset), SEEK_SET) != 0) return false;
                                 const size_t n = std::fread(
                                     buffer, 1, std::min(length, sizeof buffer), f.get());
                                 if (n == 0) return false;
                                 return sink.write(buffer, n);
                             });
}

void send_bytes(httplib::Response& res, std::shared_ptr<const std::string> bytes,
                std::string_view type) {
    const size_t size = bytes->size();
    res.set_content_provider(
        size, std::string(type), [bytes](size_t offset, size_t length, httplib::DataSink& sink) {
            return sink.write(bytes->data() + offset, std::min(length, bytes->size() - offset));
        });
}

std::string etag_of(uintmax_t size, fs::file_time_type mtime, bool gz) {
    const auto ticks = mtime.time_since_epoch().count();
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "\"%jx-%llx%s\"", size,
                  static_cast<unsigned long long>(ticks), gz ? "-gz" : "");
    return buffer;
}

bool etag_matches(const std::string& header, const std::string& etag) {
    if (header.empty()) return false;
    if (header == "*") return true;
    // A list of tags, possibly weak ("W/"): any one equal to ours matches.
    size_t start = 0;
    while (start < header.size()) {
        size_t comma = header.find(',', start);
        std::string tag =
            header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
        while (!tag.empty() && tag.back() == ' ') tag.pop_back();
        if (tag.starts_with("W/")) tag.erase(0, 2);
        if (tag == etag) return true;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return false;
}

}  // namespace

bool StaticFiles::serve(const httplib::Request& req, httplib::Response& res) {
    for (size_t i = 0; i < mounts_.size(); ++i) {
        const Mount& m = mounts_[i];
        if (!req.path.starts_with(m.prefix) || roots_[i].empty()) continue;
        auto candidate = path_inside(roots_[i], std::string_view(req.path).substr(m.prefix.size()));
        std::error_code ec;
        if (candidate && fs::is_directory(*candidate, ec)) *candidate /= "index.html";
        fs::path file;
        if (candidate) file = fs::weakly_canonical(*candidate, ec);
        // Symlinks may point anywhere; what they resolve to must still be inside the mount.
        const std::string root = roots_[i].string() + "/";
        if (!candidate || ec || !file.string().starts_with(root) ||
            !fs::is_regular_file(file, ec)) {
            // Another, shorter mount ("/") may still hold it; only the last word is a 404.
            continue;
        }
        const uintmax_t size = fs::file_size(file, ec);
        const auto mtime = fs::last_write_time(file, ec);
        if (ec) continue;

        const std::string name = file.filename().string();
        const std::string_view type = mime_type(name);
        res.set_header("Cache-Control", std::string(cache_control_for(name, type)));
        const bool may_gzip = compressible(type) && !name.ends_with(".gz");
        if (may_gzip) res.set_header("Vary", "Accept-Encoding");
        const bool gzip = may_gzip && accepts_gzip(req.get_header_value("Accept-Encoding"));

        // The precompressed sibling, when it is at least as new as the file.
        fs::path sibling = file;
        sibling += ".gz";
        std::error_code sec;
        const bool has_sibling = gzip && fs::is_regular_file(sibling, sec) &&
                                 fs::last_write_time(sibling, sec) >= mtime && !sec;
        std::shared_ptr<const std::string> gz;
        if (gzip && !has_sibling && size <= kMaxCompressOnTheFly && size >= 256)
            gz = compressed(file, mtime, size);
        const bool encoded = has_sibling || gz;

        const std::string etag = etag_of(size, mtime, encoded);
        res.set_header("ETag", etag);
        if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
            res.status = 304;
            return true;
        }
        res.status = 200;
        if (size == 0) {
            res.set_content("", std::string(type));  // a provider of 0 bytes would never finish
            return true;
        }
        if (encoded) res.set_header("Content-Encoding", "gzip");
        if (has_sibling) {
            send_file(res, sibling, fs::file_size(sibling, sec), type);
        } else if (gz) {
            send_bytes(res, gz, type);
        } else {
            send_file(res, file, size, type);
        }
        return true;
    }
    return false;
}

}  // namespace loyalty::server
