// SHA-256, HMAC-SHA256 and random secrets (OpenSSL behind crypto.h), base64url and customer
// tokens. The digests are the published test vectors (FIPS 180-2 examples, RFC 4231 section 4),
// not values this code produced.
#include "crypto.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "base64url.h"
#include "token.h"

using loyalty::server::base64;
using loyalty::server::base64url_decode;
using loyalty::server::base64url_encode;
using loyalty::server::constant_time_equal;
using loyalty::server::digest_bytes;
using loyalty::server::hmac_sha256;
using loyalty::server::secrets_equal;
using loyalty::server::sha256;
using loyalty::server::sign_customer_token;
using loyalty::server::to_hex;
using loyalty::server::verify_customer_token;

namespace {

std::string hex_of(const loyalty::server::Digest& d) { return to_hex(digest_bytes(d)); }
std::string bytes(size_t n, char c) { return std::string(n, c); }

}  // namespace

TEST_SUITE("server crypto") {
    TEST_CASE("SHA-256 gives the FIPS 180-2 example digests") {
        CHECK(hex_of(sha256("abc")) ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(hex_of(sha256("")) ==
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // 56 bytes: the padding needs a second block.
        CHECK(hex_of(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        CHECK(hex_of(sha256(bytes(1'000'000, 'a'))) ==
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    TEST_CASE("random secrets have the length asked for and do not repeat") {
        CHECK(loyalty::server::random_bytes(0).empty());
        std::set<std::string> seen;
        for (int i = 0; i < 1000; ++i) {
            const std::string r = loyalty::server::random_bytes(16);
            REQUIRE(r.size() == 16);
            seen.insert(r);
        }
        CHECK(seen.size() == 1000);  // 128-bit values: a repeat would mean a broken generator
        const std::string hex = loyalty::server::random_hex(8);
        CHECK(hex.size() == 16);
        CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
    }

    TEST_CASE("HMAC-SHA256 gives the RFC 4231 test vectors") {
        // Case 1: a 20-byte key of 0x0b.
        CHECK(hex_of(hmac_sha256(bytes(20, '\x0b'), "Hi There")) ==
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        // Case 2: a key shorter than the output.
        CHECK(hex_of(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // Case 3: 50 bytes of 0xdd under 20 bytes of 0xaa.
        CHECK(hex_of(hmac_sha256(bytes(20, '\xaa'), bytes(50, '\xdd'))) ==
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        // Case 4: the key 0x01..0x19.
        std::string key4;
        for (char c = 1; c <= 25; ++c) key4.push_back(c);
        CHECK(hex_of(hmac_sha256(key4, bytes(50, '\xcd'))) ==
              "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        // Case 5: only the first 128 bits are given in the RFC.
        CHECK(hex_of(hmac_sha256(bytes(20, '\x0c'), "Test With Truncation")).substr(0, 32) ==
              "a3b6167473100ee06e0c796c2955552b");
        // Cases 6 and 7: a 131-byte key, longer than the block, is hashed first.
        CHECK(hex_of(hmac_sha256(bytes(131, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")) ==
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        CHECK(hex_of(hmac_sha256(
                  bytes(131, '\xaa'),
                  "This is a test using a larger than block-size key and a larger than "
                  "block-size data. The key needs to be hashed before being used by the "
                  "HMAC algorithm.")) ==
              "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    TEST_CASE("comparisons tell equal from unequal bytes at any position and length") {
        CHECK(constant_time_equal("abc", "abc"));
        CHECK_FALSE(constant_time_equal("abc", "abd"));
        CHECK_FALSE(constant_time_equal("abc", "xbc"));
        CHECK_FALSE(constant_time_equal("abc", "abcd"));
        CHECK(constant_time_equal("", ""));
        CHECK(secrets_equal("admin-token-0123456789", "admin-token-0123456789"));
        CHECK_FALSE(secrets_equal("admin-token-0123456789", "admin-token-012345678"));
        CHECK_FALSE(secrets_equal("admin-token-0123456789", ""));
    }

    TEST_CASE("base64url encodes the RFC 4648 examples without padding") {
        CHECK(base64url_encode("") == "");
        CHECK(base64url_encode("f") == "Zg");
        CHECK(base64url_encode("fo") == "Zm8");
        CHECK(base64url_encode("foo") == "Zm9v");
        CHECK(base64url_encode("foob") == "Zm9vYg");
        CHECK(base64url_encode("fooba") == "Zm9vYmE");
        CHECK(base64url_encode("foobar") == "Zm9vYmFy");
        // 0xfb 0xff: '+' and '/' in standard base64 become '-' and '_'.
        CHECK(base64url_encode("\xfb\xff") == "-_8");
    }

    TEST_CASE(
        "standard base64 encodes the RFC 4648 examples with padding, as Shopify's signature "
        "header") {
        CHECK(base64("") == "");
        CHECK(base64("f") == "Zg==");
        CHECK(base64("fo") == "Zm8=");
        CHECK(base64("foo") == "Zm9v");
        CHECK(base64("foob") == "Zm9vYg==");
        CHECK(base64("fooba") == "Zm9vYmE=");
        CHECK(base64("foobar") == "Zm9vYmFy");
        CHECK(base64("\xfb\xff") == "+/8=");
        CHECK(base64(digest_bytes(sha256("abc"))) ==
              "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }

    TEST_CASE("base64url decoding refuses padding, foreign characters and non-canonical text") {
        CHECK(base64url_decode("Zm9vYmFy") == std::optional<std::string>("foobar"));
        CHECK(base64url_decode("-_8") == std::optional<std::string>("\xfb\xff"));
        CHECK_FALSE(base64url_decode("Zg==").has_value());
        CHECK_FALSE(base64url_decode("Zm9v+mFy").has_value());
        CHECK_FALSE(base64url_decode("Z").has_value());   // 6 bits are not a byte
        CHECK_FALSE(base64url_decode("Zh").has_value());  // "Zg" with a stray low bit set
    }

    TEST_CASE("a customer token is base64url(payload).base64url(HMAC of the payload)") {
        const std::string token =
            sign_customer_token("secret-of-16-bytes", "c-anna", 1'800'000'000);
        const size_t dot = token.find('.');
        REQUIRE(dot != std::string::npos);
        CHECK(base64url_decode(token.substr(0, dot)) ==
              std::optional<std::string>(R"({"exp":1800000000,"sub":"c-anna"})"));
        CHECK(base64url_decode(token.substr(dot + 1)) ==
              std::optional<std::string>(digest_bytes(
                  hmac_sha256("secret-of-16-bytes", R"({"exp":1800000000,"sub":"c-anna"})"))));
    }

    TEST_CASE("a token is good until its expiry, for its customer, under its secret only") {
        const std::string token = sign_customer_token("secret-of-16-bytes", "c-anna", 1000);
        auto good = verify_customer_token("secret-of-16-bytes", token, 999);
        CHECK(good.customer_id == std::optional<std::string>("c-anna"));
        // exp is the first second it no longer works.
        CHECK(verify_customer_token("secret-of-16-bytes", token, 1000).problem == "expired");
        CHECK(verify_customer_token("another-secret-16", token, 999).problem == "bad signature");
        // Anna's signature on Boris's payload.
        const std::string boris = sign_customer_token("secret-of-16-bytes", "c-boris", 1000);
        const std::string spliced =
            boris.substr(0, boris.find('.')) + token.substr(token.find('.'));
        CHECK(verify_customer_token("secret-of-16-bytes", spliced, 999).problem == "bad signature");
    }

    TEST_CASE("malformed tokens are refused before their payload is read") {
        for (const std::string& bad :
             std::vector<std::string>{"", "abc", "a.b.c", ".", "Zm9v.", ".Zm9v", "Zm9v.Zm9v",
                                      "!!.??", std::string(2000, 'a') + ".b"}) {
            CAPTURE(bad);
            CHECK_FALSE(
                verify_customer_token("secret-of-16-bytes", bad, 0).customer_id.has_value());
        }
        // Signed, but not the payload shape: still refused.
        const std::string payload = R"({"sub":"c-anna"})";
        const std::string odd =
            base64url_encode(payload) + "." +
            base64url_encode(digest_bytes(hmac_sha256("secret-of-16-bytes", payload)));
        CHECK(verify_customer_token("secret-of-16-bytes", odd, 0).problem == "malformed");
    }
}
