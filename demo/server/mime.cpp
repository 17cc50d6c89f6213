#include "mime.h"

#include <array>
#include <cctype>
#include <utility>

namespace loyalty::server {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view extension_of(std::string_view name) {
    const size_t slash = name.rfind('/');
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    const size_t dot = name.rfind('.');
    return dot == std::string_view::npos || dot == 0 ? std::string_view{} : name.substr(dot + 1);
}

bool hash_like(std::string_view part) {
    if (part.size() < 8 || part.size() > 64) return false;
    bool hex = true, upper = true, digit = false, letter = false;
    for (char c : part) {
        const bool d = c >= '0' && c <= '9';
        digit = digit || d;
        letter = letter || (!d && std::isalpha(static_cast<unsigned char>(c)));
        hex = hex && (d || (c >= 'a' && c <= 'f'));
        upper = upper && (d || (c >= 'A' && c <= 'Z'));
    }
    return (hex || upper) && digit && letter;
}

}  // namespace

std::string_view mime_type(std::string_view file_name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 28> kTypes{{
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json; charset=utf-8"},
        {"map", "application/json; charset=utf-8"},
        {"wasm", "application/wasm"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"avif", "image/avif"},
        {"ico", "image/x-icon"},
        {"txt", "text/plain; charset=utf-8"},
        {"ts", "text/plain; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"},
        {"csv", "text/csv; charset=utf-8"},
        {"xml", "application/xml"},
        {"webmanifest", "application/manifest+json"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"pdf", "application/pdf"},
        {"gz", "application/gzip"},
    }};
    const std::string ext = lower(extension_of(file_name));
    for (const auto& [e, type] : kTypes) {
        if (e == ext) return type;
    }
    return "application/octet-stream";
}

bool compressible(std::string_view type) {
    return type.starts_with("text/") || type.starts_with("application/json") ||
           type == "application/wasm" || type == "image/svg+xml" || type == "application/xml" ||
           type == "application/manifest+json" || type == "font/ttf" || type == "font/otf" ||
           type == "image/x-icon";
}

bool has_content_hash(std::string_view file_name) {
    const size_t slash = file_name.rfind('/');
    if (slash != std::string_view::npos) file_name = file_name.substr(slash + 1);
    if (file_name.ends_with(".gz")) file_name.remove_suffix(3);
    const size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string_view stem = file_name.substr(0, dot);  // the extension is never the hash
    bool first = true;
    while (!stem.empty()) {
        const size_t cut = stem.find_first_of(".-");
        const std::string_view part = stem.substr(0, cut);
        if (!first && hash_like(part)) return true;
        first = false;
        if (cut == std::string_view::npos) break;
        stem.remove_prefix(cut + 1);
    }
    return false;
}

std::string_view cache_control_for(std::string_view file_name, std::string_view content_type) {
    if (has_content_hash(file_name)) return "public, max-age=31536000, immutable";
    if (content_type.starts_with("text/html")) return "no-cache";
    return "public, max-age=300";
}

bool accepts_gzip(std::string_view header) {
    // Comma-separated codings, each with an optional ";q=" weight; q=0 means "not acceptable".
    bool star = false, gzip = false, gzip_refused = false;
    while (!header.empty()) {
        const size_t comma = header.find(',');
        std::string item = lower(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        std::string coding = item.substr(0, item.find(';'));
        while (!coding.empty() && coding.front() == ' ') coding.erase(0, 1);
        while (!coding.empty() && coding.back() == ' ') coding.pop_back();
        const size_t q = item.find("q=");
        bool zero = false;
        if (q != std::string::npos) {
            const std::string w = item.substr(q + 2);
            zero = w.find_first_not_of("0. ") == std::string::npos;
        }
        if (coding == "gzip" || coding == "x-gzip") (zero ? gzip_refused : gzip) = true;
        if (coding == "*" && !zero) star = true;
    }
    return !gzip_refused && (gzip || star);
}

}  // namespace loyalty::server
