// Reward codes: what a shopper types at the shop's checkout. 18 symbols of an alphabet without the
// ones people confuse (0/O, 1/I/L): 31 symbols, so 18 log2(31) = 89 bits from the CSPRNG, shown in
// three groups of six ("7KQ2MX-..."), read back whatever the case and the separators.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loyalty::server {

inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr size_t kCodeLength = 18;

/** Referral codes: 12 symbols (59 bits), short enough for a link a friend types from a screen. */
inline constexpr size_t kReferralCodeLength = 12;

/** A new code of `length` symbols, canonical (no separators), uniformly from OpenSSL's RAND_bytes.
 */
std::string new_reward_code(size_t length = kCodeLength);

/** The canonical code a person typed: upper-cased, with spaces and dashes dropped; empty when
 *  it cannot be a code of `length` symbols (another length, a symbol outside the alphabet). */
std::optional<std::string> canonical_reward_code(std::string_view typed,
                                                 size_t length = kCodeLength);

/** "XXXXXX-XXXXXX-XXXXXX": how a canonical code is shown. */
std::string display_reward_code(std::string_view canonical);

}  // namespace loyalty::server
