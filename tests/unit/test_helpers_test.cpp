// The harness checks itself: a vector diff that misreported a path would send readers astray.
#include "test_helpers.h"

#include <doctest/doctest.h>

using loyalty::test::json;

TEST_CASE("describe_difference is empty for equal documents, whatever the key order") {
    const json a = json::parse(R"({"ok": true, "points": 120, "lines": [1, 2]})");
    const json b = json::parse(R"({"lines": [1, 2], "points": 120, "ok": true})");
    CHECK(loyalty::test::describe_difference(a, b).empty());
}

TEST_CASE("describe_difference names each changed, missing and unexpected member by pointer") {
    const json expected = json::parse(R"({"ok": true, "points": 120, "tier": "silver"})");
    const json actual = json::parse(R"({"ok": true, "points": 119, "extra": [1]})");
    const std::string text = loyalty::test::describe_difference(expected, actual);
    CHECK(text.find("/points: expected 120, got 119\n") != std::string::npos);
    CHECK(text.find("/tier: missing, expected \"silver\"\n") != std::string::npos);
    CHECK(text.find("/extra: unexpected [1]\n") != std::string::npos);
}

TEST_CASE("has_error_at finds an error by its exact JSON Pointer only") {
    const json response =
        json::parse(R"({"ok": false, "errors": [{"path": "/earn/rate", "message": "m"}]})");
    CHECK(loyalty::test::has_error_at(response, "/earn/rate"));
    CHECK_FALSE(loyalty::test::has_error_at(response, "/earn"));
    CHECK_FALSE(loyalty::test::has_error_at(json::parse(R"({"ok": true})"), ""));
}

TEST_CASE("run_operation answers an unknown operation with an error at the root") {
    const json response = loyalty::test::run("no-such-operation", json::object());
    CHECK(response["ok"] == false);
    CHECK(loyalty::test::has_error_at(response, ""));
}

TEST_CASE("exact_points reads integers, decimals and fractions exactly, and nothing else") {
    auto is = [](std::string_view text, int64_t num, int64_t den) {
        const auto f = loyalty::test::exact_points(text);
        return f && f->num == num && f->den == den;
    };
    CHECK(is("-238", -238, 1));
    CHECK(is("0.495", 495, 1000));
    CHECK(is("-0.50", -50, 100));
    CHECK(is("-859/2684", -859, 2684));
    for (const char* bad : {"", "-", "1.", ".5", "1/0", "1/", "/2", "1/-2", "1.5/2", "1/2.5", "+1",
                            "1e3", "12,5", "1 / 2", "100000000000000000000000000000000000000000"}) {
        CAPTURE(bad);
        CHECK_FALSE(loyalty::test::exact_points(bad));
    }
}

TEST_CASE("explanation_sum_problems finds a history entry whose lines miss its points by 1/100") {
    // Anna's A-1003 as the 2-decimal printer wrote it: 125.64 + 62.82 + 199.85 - 0.32 = 387.99.
    const json truncated = json::parse(R"({"history": [{"points": 388, "explanation": [
        {"points": "125.64"}, {"points": "62.82"}, {"points": "199.85"}, {"points": "-0.32"}]}]})");
    size_t checked = 0;
    CHECK(loyalty::test::explanation_sum_problems(truncated, checked) ==
          "/history/0: the lines add up to 38799/100, not to points 388\n");
    CHECK(checked == 1);
    // The same lines exactly: 168609/1342 + 168609/2684 + 134106/671 - 859/2684 = 1041392/2684 =
    // 388.
    const json exact = json::parse(R"({"earn": {"points": 388, "explanation": [
        {"points": "168609/1342"}, {"points": "168609/2684"}, {"points": "134106/671"}, {"points": "-859/2684"}]}})");
    checked = 0;
    CHECK(loyalty::test::explanation_sum_problems(exact, checked).empty());
    CHECK(checked == 1);
    // A refund that could take back 6 of 10 points: -6 booked, the line says -10, 4 uncollected.
    const json refund =
        json::parse(R"({"points": -6, "uncollected": 4, "explanation": [{"points": "-10"}]})");
    CHECK(loyalty::test::explanation_sum_problems(refund, checked).empty());
    const json no_points = json::parse(R"([{"explanation": []}])");
    CHECK(loyalty::test::explanation_sum_problems(no_points, checked) ==
          "/0: an explanation without integer points beside it\n");
    const json bad_text =
        json::parse(R"({"points": 1, "explanation": [{"points": "1"}, {"points": "≈1"}]})");
    CHECK(loyalty::test::explanation_sum_problems(bad_text, checked) ==
          "/explanation/1: points are not exact text\n");
}
