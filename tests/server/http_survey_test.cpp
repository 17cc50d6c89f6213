// Survey answers (POST /api/loyalty/surveys: validated, stored once per idempotency key) and the
// dashboard report (GET /api/admin/surveys), with every score worked out by hand.
#include <doctest/doctest.h>

#include "http_helpers.h"

using namespace loyalty::test;

namespace {

json answer(const std::string& survey, const std::string& key, json score, const std::string& at) {
    json a = {{"survey_id", survey}, {"visitor_id", "v-" + key}, {"idempotency_key", key},
              {"answered_at", at},   {"page", "/cart"},          {"lang", "ru"}};
    if (score.is_null())
        a["dismissed"] = true;
    else
        a["score"] = score;
    return a;
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE(
        "a survey answer is stored once per key, and a different answer under it is refused") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        json a = answer("nps-main", "k-000000000001", 9, "2026-06-01T10:00:00+03:00");
        a["kind"] = "nps";
        a["follow_up_answer"] = "Быстрая доставка";
        a["widget_version"] = "9.9";  // unknown members are ignored, so newer widgets lose nothing

        auto first = post(port, "/api/loyalty/surveys", a);
        CHECK(first.status == 201);
        CHECK(first.body["stored"] == true);
        auto second = post(port, "/api/loyalty/surveys", a);
        CHECK(second.status == 200);
        CHECK(second.body["duplicate"] == true);
        auto other = a;
        other["score"] = 3;
        auto conflict = post(port, "/api/loyalty/surveys", other);
        CHECK(conflict.status == 409);

        auto report = get(port, "/api/admin/surveys?survey_id=nps-main", admin());
        REQUIRE(report.status == 200);
        CHECK(report.body["surveys"][0]["summary"]["n"] == 1);  // stored once
        CHECK(report.body["surveys"][0]["comments"][0]["text"] == "Быстрая доставка");

        // The key may come in the Idempotency-Key header alone, as the widget also sends it.
        json by_header = answer("nps-main", "", 10, "2026-06-01T10:00:00+03:00");
        by_header.erase("idempotency_key");
        CHECK(post(port, "/api/loyalty/surveys", by_header,
                   {{"Idempotency-Key", "k-header-00000001"}})
                  .status == 201);
        CHECK(post(port, "/api/loyalty/surveys", by_header,
                   {{"Idempotency-Key", "k-header-00000001"}})
                  .status == 200);
        // A body key that contradicts the header is an error, not a guess.
        CHECK(post(port, "/api/loyalty/surveys", a, {{"Idempotency-Key", "k-something-else"}})
                  .status == 400);
    }

    TEST_CASE("survey answers are checked against the program's surveys and the core's scales") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // Refused at /score with the core's message for the survey's scale.
        auto refused_score = [&](const json& answer_doc, const std::string& message) {
            const auto r = post(port, "/api/loyalty/surveys", answer_doc);
            CHECK(r.status == 400);
            CHECK(first_error_path(r) == "/score");
            CHECK(r.body["errors"][0]["message"] == message);
        };
        refused_score(answer("nps-main", "k-000000000011", 11, "2026-06-01"),
                      "is 11; expected a whole number on the NPS scale 0-10");
        // This CES survey is on a 1-5 scale.
        refused_score(answer("ces-support", "k-000000000012", 6, "2026-06-01"),
                      "is 6; expected a whole number on the CES scale 1-5");
        CHECK(post(port, "/api/loyalty/surveys",
                   answer("ces-support", "k-000000000013", 5, "2026-06-01"))
                  .status == 201);
        // 0 is below CSAT's scale (1-5) although it is a valid unsigned number.
        refused_score(answer("csat-checkout", "k-000000000014", 0, "2026-06-01"),
                      "is 0; expected a whole number on the CSAT scale 1-5");
        // A score is a number: an object that reads as a dismissal in a summary's "responses"
        // is refused here, not stored (it was once read as a dismissal, then as a number: 500).
        refused_score(answer("nps-main", "k-000000000020", {{"dismissed", true}}, "2026-06-01"),
                      "expected a whole number on the NPS scale 0-10, got an object");
        CHECK(post(port, "/api/loyalty/surveys",
                   answer("nps-main", "k-000000000015", "9", "2026-06-01"))
                  .status == 400);
        CHECK(post(port, "/api/loyalty/surveys",
                   answer("nps-main", "k-000000000016", 9.5, "2026-06-01"))
                  .status == 400);

        auto unknown = post(port, "/api/loyalty/surveys",
                            answer("nps-other", "k-000000000017", 9, "2026-06-01"));
        CHECK(unknown.status == 400);
        CHECK(first_error_path(unknown) == "/survey_id");
        auto kind = answer("csat-checkout", "k-000000000018", 4, "2026-06-01");
        kind["kind"] = "nps";
        CHECK(first_error_path(post(port, "/api/loyalty/surveys", kind)) == "/kind");
        auto both = answer("nps-main", "k-000000000019", 9, "2026-06-01");
        both["dismissed"] = true;
        CHECK(post(port, "/api/loyalty/surveys", both).status == 400);
        auto neither = answer("nps-main", "k-000000000020", 9, "2026-06-01");
        neither.erase("score");
        CHECK(post(port, "/api/loyalty/surveys", neither).status == 400);
        CHECK(post(port, "/api/loyalty/surveys", answer("nps-main", "short", 9, "2026-06-01"))
                  .status == 400);
        CHECK(
            post(port, "/api/loyalty/surveys", answer("nps-main", "k-000000000021", 9, "yesterday"))
                .status == 400);
        auto no_key = answer("nps-main", "k-000000000022", 9, "2026-06-01");
        no_key.erase("idempotency_key");
        CHECK(first_error_path(post(port, "/api/loyalty/surveys", no_key)) == "/idempotency_key");
    }

    TEST_CASE("the report scores NPS with its margin and interval, per week and overall") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        // Week of May 18: a 10. Week of May 25: a 9. Week of June 1: an 8, a 3 and a dismissal.
        for (const auto& [key, score, at] : std::vector<std::tuple<std::string, json, std::string>>{
                 {"k-000000000101", 10, "2026-05-20T10:00:00+03:00"},
                 {"k-000000000102", 9, "2026-05-27T10:00:00+03:00"},
                 {"k-000000000103", 8, "2026-06-01T09:00:00+03:00"},
                 {"k-000000000104", 3, "2026-06-01T09:30:00+03:00"},
                 {"k-000000000105", nullptr, "2026-06-01T09:40:00+03:00"}}) {
            REQUIRE(post(port, "/api/loyalty/surveys", answer("nps-main", key, score, at)).status ==
                    201);
        }
        auto r = get(
            port, "/api/admin/surveys?survey_id=nps-main&from=2026-05-18&to=2026-06-08&bucket=week",
            admin());
        REQUIRE(r.status == 200);
        CHECK(r.body["bucket"] == "week");
        CHECK(r.body["from"] == "2026-05-18T00:00:00+03:00");
        const json& s = r.body["surveys"][0];
        CHECK(s["id"] == "nps-main");
        CHECK(s["answers"] == 5);
        const json& sum = s["summary"];
        // n = 4 respondents (the dismissal is not one): 2 promoters, 1 passive, 1 detractor.
        CHECK(sum["n"] == 4);
        CHECK(sum["dismissed"] == 1);
        CHECK(sum["score"] == 25.0);  // 100 x (2/4 - 1/4)
        // Wald: 1.96 x sqrt((0.5 + 0.25 - 0.25^2) / 4) x 100 = 1.96 x 0.414578 x 100 = 81.257...
        CHECK(sum["margin_of_error"] == 81.26);
        // Adjusted Wald: n' = 7, pP' = 2.75/7, pD' = 1.75/7, NPS' = 1/7;
        // 1.96 x sqrt((4.5/7 - 1/49) / 7) = 0.584466 -> 100 x (0.142857 -/+ 0.584466).
        CHECK(sum["interval"]["low"] == -44.16);
        CHECK(sum["interval"]["high"] == 72.73);
        CHECK(sum["distribution"] == json({0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1}));

        const json& trend = s["trend"];
        REQUIRE(trend.size() == 3);
        CHECK(trend[0]["start"] == "2026-05-18T00:00:00+03:00");
        CHECK(trend[1]["start"] == "2026-05-25T00:00:00+03:00");
        CHECK(trend[2]["start"] == "2026-06-01T00:00:00+03:00");
        CHECK(trend[0]["summary"]["score"] == 100.0);
        CHECK(trend[1]["summary"]["score"] == 100.0);
        CHECK(trend[2]["answers"] == 3);
        CHECK(trend[2]["summary"]["n"] == 2);
        CHECK(trend[2]["summary"]["score"] == -50.0);  // 0 promoters, 1 detractor of 2

        auto monthly =
            get(port,
                "/api/admin/surveys?survey_id=nps-main&from=2026-05-01&to=2026-07-01&bucket=month",
                admin());
        REQUIRE(monthly.status == 200);
        REQUIRE(monthly.body["surveys"][0]["trend"].size() == 2);
        CHECK(monthly.body["surveys"][0]["trend"][0]["summary"]["n"] ==
              2);  // May: the 10 and the 9
        CHECK(monthly.body["surveys"][0]["trend"][1]["summary"]["n"] ==
              2);  // June: the 8 and the 3

        // Without survey_id: every survey of the program, in its order.
        auto all = get(port, "/api/admin/surveys", admin());
        REQUIRE(all.status == 200);
        REQUIRE(all.body["surveys"].size() == 3);
        CHECK(all.body["surveys"][1]["id"] == "csat-checkout");
        CHECK(all.body["surveys"][1]["summary"]["score"].is_null());  // nobody answered
        CHECK(all.body["surveys"][2]["scale"] == json({{"min", 1}, {"max", 5}}));

        CHECK(get(port, "/api/admin/surveys?from=2026-06-08&to=2026-05-18", admin()).status == 400);
        CHECK(get(port, "/api/admin/surveys?bucket=day", admin()).status == 400);
        CHECK(get(port, "/api/admin/surveys?survey_id=nope", admin()).status == 400);
        CHECK(get(port, "/api/admin/surveys?from=2000-01-01&bucket=week", admin()).status ==
              400);  // too many weeks
    }

    TEST_CASE("an answer dated ahead of the server's clock is counted when it arrived") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        REQUIRE(post(port, "/api/loyalty/surveys",
                     answer("csat-checkout", "k-000000000201", 5, "2026-07-01T00:00:00+03:00"))
                    .status == 201);
        REQUIRE(post(port, "/api/loyalty/surveys",
                     answer("csat-checkout", "k-000000000202", 3, "2026-05-26T00:00:00+03:00"))
                    .status == 201);
        auto r = get(
            port,
            "/api/admin/surveys?survey_id=csat-checkout&from=2026-05-18&to=2026-06-08&bucket=week",
            admin());
        REQUIRE(r.status == 200);
        const json& s = r.body["surveys"][0];
        CHECK(s["summary"]["n"] == 2);
        CHECK(s["summary"]["satisfied"] == 1);
        CHECK(s["summary"]["score"] == 50.0);       // 1 of 2 answered 4 or 5
        CHECK(s["trend"][1]["summary"]["n"] == 1);  // the 3, in the week of May 25
        CHECK(s["trend"][2]["summary"]["n"] == 1);  // the 5, received on June 1
        CHECK(s["trend"][2]["summary"]["score"] == 100.0);
    }
}
