#include "json_body.h"

#include <string>
#include <vector>

namespace loyalty::server {
namespace {

using nlohmann::json;

/** Builds the DOM through nlohmann's SAX interface (the parser itself keeps its own explicit
 *  stack, so no recursion), keeping the path of the value being read. */
class LimitedDomBuilder {
  public:
    explicit LimitedDomBuilder(int max_depth) : max_depth_(max_depth) {}

    bool null() { return put(json(nullptr)); }
    bool boolean(bool v) { return put(json(v)); }
    bool number_integer(json::number_integer_t v) { return put(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return put(json(v)); }
    bool number_float(json::number_float_t v, const json::string_t&) { return put(json(v)); }
    bool string(json::string_t& v) { return put(json(std::move(v))); }
    bool binary(json::binary_t&) {
        return fail(path(), "holds binary data, which JSON has not", ErrorCode::not_json);
    }

    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool key(json::string_t& k) {
        frames_.back().key = std::move(k);
        return true;
    }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t position, const std::string& token,
                     const nlohmann::detail::exception& e) {
        if (e.id == 406) {  // out_of_range.406: a number that overflows a double
            return fail(path(), "is " + token + ", a number too large to read",
                        ErrorCode::too_large);
        }
        // parse_error's text ends with what the lexer saw; the byte offset says where.
        std::string what = e.what();
        const size_t colon = what.rfind(": ");
        if (colon != std::string::npos) what = what.substr(colon + 2);
        return fail(
            "", "the body is not valid JSON (at byte " + std::to_string(position) + "): " + what,
            ErrorCode::not_json);
    }

    json result() { return std::move(root_); }
    const Error& error() const { return error_; }

  private:
    struct Frame {
        json* container;
        std::string key;  // objects: the member being read
    };

    /** The JSON Pointer of the value being read now. An array's index is that of its last
     *  element where a deeper container is open in it, else that of the element to come. */
    std::string path() const {
        std::string out;
        for (size_t i = 0; i < frames_.size(); ++i) {
            const json& c = *frames_[i].container;
            if (c.is_object()) {
                out += pointer_to(frames_[i].key);
            } else {
                out += '/';
                out += std::to_string(i + 1 < frames_.size() ? c.size() - 1 : c.size());
            }
        }
        return out;
    }

    json* place(json value) {
        if (frames_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        Frame& top = frames_.back();
        if (top.container->is_object()) {
            json& slot = (*top.container)[top.key];  // a repeated key keeps the last value
            slot = std::move(value);
            return &slot;
        }
        top.container->push_back(std::move(value));
        return &top.container->back();
    }

    bool put(json value) {
        place(std::move(value));
        return true;
    }

    bool open(json empty) {
        if (int(frames_.size()) >= max_depth_) {
            return fail(path(),
                        "is nested deeper than " + std::to_string(max_depth_) +
                            " levels of arrays and objects",
                        ErrorCode::too_large);
        }
        json* container = place(std::move(empty));
        frames_.push_back({container, {}});
        return true;
    }

    bool close() {
        frames_.pop_back();
        return true;
    }

    bool fail(std::string at, std::string message, ErrorCode code) {
        error_ = Error{std::move(at), std::move(message), code};
        return false;
    }

    int max_depth_;
    json root_;
    std::vector<Frame> frames_;
    Error error_;
};

}  // namespace

std::string pointer_to(std::string_view key) {
    std::string out = "/";
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

Result<json> parse_json_limited(std::string_view text, int max_depth) {
    LimitedDomBuilder builder(max_depth);
    bool ok = false;
    try {
        ok = json::sax_parse(text, &builder);
    } catch (const std::exception& e) {  // allocation failure; the parser reports the rest
        return Error{"", std::string("the body could not be read: ") + e.what(),
                     ErrorCode::too_large};
    }
    if (!ok) return builder.error();
    return builder.result();
}

}  // namespace loyalty::server
