// What the server accepts as identifiers, checked before anything reaches SQL, a log or a URL.
#pragma once

#include <string_view>

namespace loyalty::server {

/** Customer ids: 1-128 bytes of A-Z a-z 0-9 and . _ - : @ + (shop user ids, e-mail-like ids). */
bool valid_customer_id(std::string_view id);

/** Order, refund, event and survey ids: 1-64 bytes of A-Z a-z 0-9 and . _ - : / # (the core
 *  allows ids up to 64 bytes). */
bool valid_record_id(std::string_view id);
/** What valid_record_id accepts, in the words of an error message. */
inline constexpr std::string_view kRecordIdWords = "an id: 1-64 of A-Z a-z 0-9 . _ - : / #";

/** Idempotency keys: 8-128 bytes of A-Z a-z 0-9 and - _ (the widget sends 32 hex digits). */
bool valid_idempotency_key(std::string_view key);

/** Request ids echoed from X-Request-Id: 1-64 bytes of A-Z a-z 0-9 and . _ -. */
bool valid_request_id(std::string_view id);

}  // namespace loyalty::server
