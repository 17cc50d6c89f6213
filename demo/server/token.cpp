#include "token.h"

#include <nlohmann/json.hpp>

#include "base64url.h"
#include "crypto.h"
#include "ids.h"

namespace loyalty::server {

std::string sign_customer_token(std::string_view secret, std::string_view customer_id,
                                int64_t expires) {
    const nlohmann::json payload = {{"sub", std::string(customer_id)}, {"exp", expires}};
    const std::string text = payload.dump();
    return base64url_encode(text) + "." + base64url_encode(digest_bytes(hmac_sha256(secret, text)));
}

TokenCheck verify_customer_token(std::string_view secret, std::string_view token, int64_t now) {
    TokenCheck out;
    out.problem = "malformed";
    if (token.empty() || token.size() > kMaxTokenBytes) return out;
    const size_t dot = token.find('.');
    if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
        return out;
    const auto payload = base64url_decode(token.substr(0, dot));
    const auto mac = base64url_decode(token.substr(dot + 1));
    if (!payload || !mac || payload->empty()) return out;
    if (!constant_time_equal(*mac, digest_bytes(hmac_sha256(secret, *payload)))) {
        out.problem = "bad signature";
        return out;
    }
    // Signed by us, so the payload is ours; still read it defensively.
    const auto doc = nlohmann::json::parse(*payload, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.size() != 2) return out;
    const auto sub = doc.find("sub");
    const auto exp = doc.find("exp");
    if (sub == doc.end() || exp == doc.end() || !sub->is_string() || !exp->is_number_integer()) {
        return out;
    }
    const std::string id = sub->get<std::string>();
    if (!valid_customer_id(id)) return out;
    out.expires = exp->get<int64_t>();
    if (now >= out.expires) {
        out.problem = "expired";
        return out;
    }
    out.problem.clear();
    out.customer_id = id;
    return out;
}

}  // namespace loyalty::server
