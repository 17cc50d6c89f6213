// Surveys: NPS / CSAT / CES scores and the eligibility rules, with every number worked out by
// hand in the comment beside it. The JSON operations have their cases in tests/vectors/survey-*.
#include "loyalty/survey.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using loyalty::Eligibility;
using loyalty::Instant;
using loyalty::SurveyKind;
using loyalty::SurveyResponse;
using loyalty::SurveySettings;
using loyalty::SurveySummary;
using loyalty::VisitorHistory;

constexpr Instant kDay = 86'400;

std::vector<SurveyResponse> scores(std::initializer_list<int32_t> values) {
    std::vector<SurveyResponse> out;
    for (int32_t v : values) out.push_back({v, false});
    return out;
}

std::vector<SurveyResponse> repeated(int32_t score, int count) {
    return std::vector<SurveyResponse>(size_t(count), SurveyResponse{score, false});
}

SurveyResponse dismissal() { return {std::nullopt, true}; }

SurveySummary summary_of(SurveyKind kind, int32_t ces_scale,
                         const std::vector<SurveyResponse>& responses) {
    auto result = loyalty::summarize_survey(kind, ces_scale, responses);
    REQUIRE(result.ok());
    return result.value();
}

SurveySummary nps(const std::vector<SurveyResponse>& responses) {
    return summary_of(SurveyKind::Nps, 7, responses);
}

std::vector<SurveyResponse> join(std::vector<SurveyResponse> a,
                                 const std::vector<SurveyResponse>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// 2026-03-01T12:00:00Z = day 20513 since the epoch: 20513 * 86400 + 12 * 3600.
constexpr Instant kT = 20513 * kDay + 12 * 3600;

SurveySettings settings() {
    SurveySettings s;
    s.id = "nps-main";
    s.cooldown_after_shown_days = 7;
    s.cooldown_after_answered_days = 90;
    s.cooldown_after_dismissed_days = 30;
    return s;
}

VisitorHistory visitor(std::string id = "v-2") {
    VisitorHistory h;
    h.visitor_id = std::move(id);
    h.first_visit = kT - 365 * kDay;
    h.visits = 10;
    h.purchases = 2;
    return h;
}

}  // namespace

TEST_SUITE("survey scoring") {
    TEST_CASE("the date constant used below is 2026-03-01T12:00:00Z") {
        CHECK(loyalty::parse_instant("2026-03-01T12:00:00Z", loyalty::Zone{0}) == kT);
    }

    TEST_CASE("all promoters give an NPS of 100 with a zero Wald margin and an honest interval") {
        // P = 5, n = 5: NPS = 100 * (5 - 0) / 5 = 100.
        // Wald: pP = 1, pD = 0, pP + pD - (pP - pD)^2 = 1 + 0 - 1 = 0, so the margin is 0:
        // the Wald interval claims certainty from five answers.
        // Adjusted Wald: n' = 8, pP' = 5.75 / 8 = 0.71875, pD' = 0.75 / 8 = 0.09375,
        // NPS' = 0.625; variance (0.71875 + 0.09375 - 0.390625) / 8 = 0.421875 / 8
        // = 0.052734375, sqrt = 0.229640, * 1.96 = 0.450094 -> 45.01 points;
        // 62.50 - 45.01 = 17.49 and 62.50 + 45.01 = 107.51, clipped to 100.
        const auto s = nps(scores({9, 10, 10, 9, 10}));
        CHECK(s.n == 5);
        CHECK(s.promoters == 5);
        CHECK(s.passives == 0);
        CHECK(s.detractors == 0);
        CHECK(s.score == 100.0);
        CHECK(s.margin_of_error == 0.0);
        REQUIRE(s.adjusted_wald);
        CHECK(s.adjusted_wald->low == 17.49);
        CHECK(s.adjusted_wald->high == 100.0);
    }

    TEST_CASE("as many promoters as detractors give an NPS of 0") {
        // P = 1, D = 1, n = 2: NPS = 100 * 0 / 2 = 0.
        // Wald: 0.5 + 0.5 - 0 = 1, / 2 = 0.5, sqrt = 0.707107, * 196 = 138.59.
        // Adjusted: n' = 5, pP' = pD' = 1.75 / 5 = 0.35, NPS' = 0; variance 0.7 / 5 = 0.14,
        // sqrt = 0.374166, * 196 = 73.3365 -> [-73.34, 73.34].
        const auto s = nps(scores({10, 0}));
        CHECK(s.score == 0.0);
        CHECK(s.margin_of_error == 138.59);
        REQUIRE(s.adjusted_wald);
        CHECK(s.adjusted_wald->low == -73.34);
        CHECK(s.adjusted_wald->high == 73.34);
    }

    TEST_CASE("all detractors give -100 and the interval mirrors all promoters") {
        // D = 3, n = 3: NPS = -100. Adjusted: n' = 6, pP' = 0.125, pD' = 3.75 / 6 = 0.625,
        // NPS' = -0.5; variance (0.75 - 0.25) / 6 = 0.083333, sqrt = 0.288675,
        // * 196 = 56.58 -> [-106.58 clipped to -100, 6.58].
        const auto s = nps(scores({0, 3, 6}));
        CHECK(s.detractors == 3);
        CHECK(s.score == -100.0);
        CHECK(s.margin_of_error == 0.0);
        CHECK(s.adjusted_wald->low == -100.0);
        CHECK(s.adjusted_wald->high == 6.58);
    }

    TEST_CASE("all passives give an NPS of 0 that the adjusted interval does not trust") {
        // 4 passives: NPS = 0, Wald margin 0 (no promoters, no detractors, no variance).
        // Adjusted: n' = 7, pP' = pD' = 0.75 / 7 = 0.107143, NPS' = 0; variance
        // 0.214286 / 7 = 0.030612, sqrt = 0.174964, * 196 = 34.29 -> [-34.29, 34.29].
        const auto s = nps(scores({7, 8, 7, 8}));
        CHECK(s.passives == 4);
        CHECK(s.promoters == 0);
        CHECK(s.detractors == 0);
        CHECK(s.score == 0.0);
        CHECK(s.margin_of_error == 0.0);
        CHECK(s.adjusted_wald->low == -34.29);
        CHECK(s.adjusted_wald->high == 34.29);
    }

    TEST_CASE("a small mixed sample of ten has a wide margin") {
        // P = 5 (9, 9, 10, 10, 10), passives 3 (7, 8, 8), D = 2 (3, 6); n = 10.
        // NPS = 100 * (5 - 2) / 10 = 30.
        // Wald: 0.5 + 0.2 - 0.3^2 = 0.61, / 10 = 0.061, sqrt = 0.246982, * 196 = 48.41.
        // Adjusted: n' = 13, pP' = 5.75 / 13 = 0.442308, pD' = 2.75 / 13 = 0.211538,
        // NPS' = 3 / 13 = 0.230769 (23.08); variance (0.653846 - 0.053254) / 13 = 0.046199,
        // sqrt = 0.214940, * 196 = 42.13 -> 23.08 - 42.13 = -19.05, 23.08 + 42.13 = 65.21.
        const auto s = nps(scores({9, 9, 10, 10, 10, 7, 8, 8, 3, 6}));
        CHECK(s.promoters == 5);
        CHECK(s.passives == 3);
        CHECK(s.detractors == 2);
        CHECK(s.score == 30.0);
        CHECK(s.margin_of_error == 48.41);
        CHECK(s.adjusted_wald->low == -19.05);
        CHECK(s.adjusted_wald->high == 65.21);
        // distribution: index = score; 3 -> 1, 6 -> 1, 7 -> 1, 8 -> 2, 9 -> 2, 10 -> 3.
        CHECK(s.distribution == std::vector<int64_t>{0, 0, 0, 1, 0, 0, 1, 1, 2, 2, 3});
    }

    TEST_CASE("a hundred answers narrow the margin and the two intervals nearly agree") {
        // P = 50, passives 30, D = 20: NPS = 30.
        // Wald: 0.5 + 0.2 - 0.09 = 0.61, / 100 = 0.0061, sqrt = 0.078102, * 196 = 15.31.
        // Adjusted: n' = 103, pP' = 50.75 / 103 = 0.492718, pD' = 20.75 / 103 = 0.201456,
        // NPS' = 30 / 103 = 0.291262; variance (0.694175 - 0.084834) / 103 = 0.005916,
        // sqrt = 0.076915, * 196 = 15.08 -> 29.13 - 15.08 = 14.05, 29.13 + 15.08 = 44.20.
        const auto s = nps(join(join(repeated(10, 50), repeated(8, 30)), repeated(2, 20)));
        CHECK(s.n == 100);
        CHECK(s.score == 30.0);
        CHECK(s.margin_of_error == 15.31);
        CHECK(s.adjusted_wald->low == 14.05);
        CHECK(s.adjusted_wald->high == 44.2);
    }

    TEST_CASE("a single promoter: the adjusted interval is exact to the hundredth") {
        // n' = 4, pP' = 1.75 / 4 = 0.4375, pD' = 0.75 / 4 = 0.1875, NPS' = 0.25;
        // variance (0.625 - 0.0625) / 4 = 0.140625, sqrt = 0.375 exactly,
        // * 196 = 73.5 -> [25 - 73.5, 25 + 73.5] = [-48.5, 98.5].
        const auto s = nps(scores({10}));
        CHECK(s.score == 100.0);
        CHECK(s.margin_of_error == 0.0);
        CHECK(s.adjusted_wald->low == -48.5);
        CHECK(s.adjusted_wald->high == 98.5);
    }

    TEST_CASE("an NPS exactly halfway between hundredths rounds away from zero both ways") {
        // 1 promoter and 31 passives: 100 * 1 / 32 = 3.125 -> 3.13.
        // Wald: 1/32 + 0 - (1/32)^2 = 0.030273, / 32 = 0.000946, sqrt = 0.030758,
        // * 196 = 6.03.
        const auto up = nps(join(scores({10}), repeated(7, 31)));
        CHECK(up.score == 3.13);
        CHECK(up.margin_of_error == 6.03);
        // The mirror image, 1 detractor and 31 passives: -3.125 -> -3.13, same margin.
        const auto down = nps(join(scores({0}), repeated(7, 31)));
        CHECK(down.score == -3.13);
        CHECK(down.margin_of_error == 6.03);
        // Adjusted intervals mirror each other too: NPS' = 1 / 35 = 2.857143 (in points),
        // variance (1.75 + 0.75) / 35 - (1 / 35)^2 = 0.070612, / 35 = 0.002017,
        // sqrt = 0.044914, * 196 = 8.80 -> [-5.95, 11.66] and [-11.66, 5.95].
        CHECK(up.adjusted_wald->low == -5.95);
        CHECK(up.adjusted_wald->high == 11.66);
        CHECK(down.adjusted_wald->low == -11.66);
        CHECK(down.adjusted_wald->high == 5.95);
    }

    TEST_CASE("dismissed answers are not respondents") {
        // 10 and 0 answered, two dismissals: n = 2, NPS = 0 exactly as without them.
        const auto s = nps({{10, false}, dismissal(), {0, false}, dismissal()});
        CHECK(s.n == 2);
        CHECK(s.dismissed == 2);
        CHECK(s.score == 0.0);
        CHECK(s.margin_of_error == 138.59);
    }

    TEST_CASE("only dismissals leave no score and no margin rather than a division by zero") {
        const auto s = nps({dismissal(), dismissal()});
        CHECK(s.n == 0);
        CHECK(s.dismissed == 2);
        CHECK_FALSE(s.score.has_value());
        CHECK_FALSE(s.margin_of_error.has_value());
        CHECK_FALSE(s.adjusted_wald.has_value());
        CHECK(s.distribution == std::vector<int64_t>(11, 0));
        const auto none = nps({});
        CHECK(none.n == 0);
        CHECK_FALSE(none.score.has_value());
    }

    TEST_CASE("CSAT is the share of 4 and 5 in percent") {
        // 5, 4, 3, 2, 1, 5: satisfied 3 of 6 = 50%.
        const auto half = summary_of(SurveyKind::Csat, 7, scores({5, 4, 3, 2, 1, 5}));
        CHECK(half.n == 6);
        CHECK(half.satisfied == 3);
        CHECK(half.score == 50.0);
        CHECK(half.distribution == std::vector<int64_t>{1, 1, 1, 1, 2});
        CHECK_FALSE(half.margin_of_error.has_value());
        // 4, 4, 1: 2 of 3 = 66.666...% -> 66.67. 3, 3: none satisfied -> 0.
        CHECK(summary_of(SurveyKind::Csat, 7, scores({4, 4, 1})).score == 66.67);
        CHECK(summary_of(SurveyKind::Csat, 7, scores({3, 3})).score == 0.0);
        CHECK(summary_of(SurveyKind::Csat, 7, scores({5})).score == 100.0);
    }

    TEST_CASE("CES is the mean on a 1-5 or 1-7 scale") {
        // 1-5: (1 + 2 + 3 + 4 + 5) / 5 = 3; (5 + 4) / 2 = 4.5.
        const auto five = summary_of(SurveyKind::Ces, 5, scores({1, 2, 3, 4, 5}));
        CHECK(five.scale_min == 1);
        CHECK(five.scale_max == 5);
        CHECK(five.score == 3.0);
        CHECK(five.distribution.size() == 5);
        CHECK(summary_of(SurveyKind::Ces, 5, scores({5, 4})).score == 4.5);
        // 1-7: (7 + 6 + 5) / 3 = 6; (7 + 7 + 6) / 3 = 6.666... -> 6.67.
        const auto seven = summary_of(SurveyKind::Ces, 7, scores({7, 6, 5}));
        CHECK(seven.scale_max == 7);
        CHECK(seven.score == 6.0);
        CHECK(seven.distribution == std::vector<int64_t>{0, 0, 0, 0, 1, 1, 1});
        CHECK(summary_of(SurveyKind::Ces, 7, scores({7, 7, 6})).score == 6.67);
    }

    TEST_CASE("a mean of exactly 1.005 rounds to 1.01, which binary floating point gets wrong") {
        // 199 answers of 1 and one 2: 201 / 200 = 1.005 exactly. As a double 1.005 is
        // 1.00499999999999989..., so rounding the double would give 1.00.
        const auto s = summary_of(SurveyKind::Ces, 7, join(repeated(1, 199), scores({2})));
        CHECK(s.score == 1.01);
        CHECK(std::round(201.0 / 200.0 * 100.0) / 100.0 == 1.0);  // the trap this avoids
    }

    TEST_CASE("a score off the scale is an error that names the response and the scale") {
        auto r = loyalty::summarize_survey(SurveyKind::Nps, 7, scores({9, 10, 11}));
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.errors().size() == 1);
        CHECK(r.errors()[0].path == "/responses/2");
        CHECK(r.errors()[0].message == "is 11; expected a whole number on the NPS scale 0-10");

        auto csat = loyalty::summarize_survey(SurveyKind::Csat, 7, scores({0}));
        REQUIRE_FALSE(csat.ok());
        CHECK(csat.errors()[0].message == "is 0; expected a whole number on the CSAT scale 1-5");

        // 6 is fine on 1-7 and off the scale on 1-5.
        CHECK(loyalty::summarize_survey(SurveyKind::Ces, 7, scores({6})).ok());
        auto ces = loyalty::summarize_survey(SurveyKind::Ces, 5, scores({6}));
        REQUIRE_FALSE(ces.ok());
        CHECK(ces.errors()[0].message == "is 6; expected a whole number on the CES scale 1-5");
    }

    TEST_CASE("a CES scale other than 5 or 7 is refused") {
        auto r = loyalty::summarize_survey(SurveyKind::Ces, 10, scores({3}));
        REQUIRE_FALSE(r.ok());
        CHECK(r.errors()[0].path == "/scale");
    }

    TEST_CASE("a response both dismissed and scored, or neither, is refused") {
        auto r = loyalty::summarize_survey(SurveyKind::Nps, 7,
                                           {{9, true}, {std::nullopt, false}, {9, false}});
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.errors().size() == 2);
        CHECK(r.errors()[0].path == "/responses/0");
        CHECK(r.errors()[1].path == "/responses/1");
    }

    TEST_CASE("a flood of bad responses lists twenty and counts the rest") {
        auto r = loyalty::summarize_survey(SurveyKind::Nps, 7, repeated(42, 1000));
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.errors().size() == 21);
        CHECK(r.errors()[19].path == "/responses/19");
        CHECK(r.errors()[20].path == "/responses");
        CHECK(r.errors()[20].message == "980 more invalid responses; only the first 20 are listed");
    }

    TEST_CASE("kind names read back") {
        for (auto kind : {SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces}) {
            CHECK(loyalty::parse_survey_kind(loyalty::survey_kind_name(kind)) == kind);
        }
        CHECK_FALSE(loyalty::parse_survey_kind("NPS").has_value());
        CHECK_FALSE(loyalty::parse_survey_kind("").has_value());
    }
}

TEST_SUITE("survey eligibility") {
    TEST_CASE("the hashes match their published test values") {
        // FNV-1a 64 reference values (Fowler/Noll/Vo test suite).
        CHECK(loyalty::fnv1a64("") == 0xcbf29ce484222325ull);
        CHECK(loyalty::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
        CHECK(loyalty::fnv1a64("foobar") == 0x85944171f73967e8ull);
        // fmix64 maps 0 to 0 (every step keeps zero), and is not the identity elsewhere.
        CHECK(loyalty::fmix64(0) == 0);
        CHECK(loyalty::fmix64(1) == 0xb456bcfc34c2cb2cull);
    }

    TEST_CASE("a visitor's bucket is the documented hash of survey id and visitor id") {
        const auto h = loyalty::fnv1a64("nps-main\nvisitor-1");
        CHECK(h == 0x5a6f562058f5b798ull);
        CHECK(loyalty::fmix64(h) == 0x583c1545fb59501eull);
        // 0x583c1545fb59501e = 6357116030563471390, which ends in ...8878 mod 10000.
        CHECK(loyalty::survey_sample_bucket("nps-main", "visitor-1") == 8878);
        // Computed independently (Python) for the pins used in the vectors.
        CHECK(loyalty::survey_sample_bucket("nps-main", "v-0") == 7981);
        CHECK(loyalty::survey_sample_bucket("nps-main", "v-2") == 553);
        CHECK(loyalty::survey_sample_bucket("csat", "visitor-1") == 6181);
    }

    TEST_CASE("a visitor left out stays left out, whatever else changes") {
        // v-0 is in bucket 7981: outside a 10% sample (buckets 0..999), on every call and at
        // every time, with any history.
        auto s = settings();
        s.sample_share_micros = 100'000;
        for (int i = 0; i < 50; ++i) {
            auto h = visitor("v-0");
            h.visits = i;
            const auto e = loyalty::survey_eligibility(s, h, kT + i * 7919 * kDay / 13);
            CHECK_FALSE(e.sampled);
            CHECK(e.sample_bucket == 7981);
            CHECK(e.reason == "not_sampled");
            CHECK_FALSE(e.next_check_at.has_value());
        }
        // v-2 (bucket 553) is in the same sample and is shown.
        const auto in = loyalty::survey_eligibility(s, visitor("v-2"), kT);
        CHECK(in.sampled);
        CHECK(in.eligible);
        CHECK(in.reason == "eligible");
    }

    TEST_CASE("the sampled share of ten thousand visitors is close to the setting") {
        // Binomial: n = 10000, p = 0.25, sd = sqrt(10000 * 0.25 * 0.75) = 43.3; 4 sd = 173.
        // p = 0.10: sd = 30, 4 sd = 120. p = 0.5: sd = 50, 4 sd = 200.
        struct Row {
            int64_t share_micros;
            int expected;
            int tolerance;
        };
        for (const Row row : {Row{100'000, 1000, 120}, Row{250'000, 2500, 173},
                              Row{500'000, 5000, 200}, Row{0, 0, 0}, Row{1'000'000, 10000, 0}}) {
            CAPTURE(row.share_micros);
            auto s = settings();
            s.sample_share_micros = row.share_micros;
            int sampled = 0;
            for (int i = 0; i < 10000; ++i) {
                auto h = visitor("visitor-" + std::to_string(i));
                sampled += loyalty::survey_eligibility(s, h, kT).sampled ? 1 : 0;
            }
            CHECK(sampled >= row.expected - row.tolerance);
            CHECK(sampled <= row.expected + row.tolerance);
        }
    }

    TEST_CASE("a larger share keeps everyone a smaller share sampled") {
        // Buckets below 1000 are also below 2500: growing a sample never drops anyone.
        auto small = settings(), large = settings();
        small.sample_share_micros = 100'000;
        large.sample_share_micros = 250'000;
        for (int i = 0; i < 2000; ++i) {
            const auto h = visitor("visitor-" + std::to_string(i));
            if (loyalty::survey_eligibility(small, h, kT).sampled) {
                CHECK(loyalty::survey_eligibility(large, h, kT).sampled);
            }
        }
    }

    TEST_CASE("the cool-down after showing ends exactly 7 days after it was shown") {
        // shown at T; 7 days = 604800 s. At T + 604799 blocked until T + 604800; at
        // T + 604800 shown again.
        auto h = visitor();
        h.last_shown = kT;
        const auto before = loyalty::survey_eligibility(settings(), h, kT + 7 * kDay - 1);
        CHECK_FALSE(before.eligible);
        CHECK(before.reason == "cooldown_after_shown");
        CHECK(before.next_check_at == kT + 7 * kDay);
        const auto at = loyalty::survey_eligibility(settings(), h, kT + 7 * kDay);
        CHECK(at.eligible);
        CHECK(at.reason == "eligible");
        CHECK(at.reasons.empty());
        CHECK_FALSE(at.next_check_at.has_value());
        // The instant it was shown is already inside the cool-down.
        CHECK(loyalty::survey_eligibility(settings(), h, kT).reason == "cooldown_after_shown");
    }

    TEST_CASE("the cool-down after answering ends exactly 90 days after the answer") {
        // 90 days = 7776000 s.
        auto h = visitor();
        h.last_answered = kT;
        const auto before = loyalty::survey_eligibility(settings(), h, kT + 90 * kDay - 1);
        CHECK(before.reason == "cooldown_after_answered");
        CHECK(before.next_check_at == kT + 90 * kDay);
        CHECK(loyalty::survey_eligibility(settings(), h, kT + 90 * kDay).eligible);
    }

    TEST_CASE("the cool-down after a dismissal ends exactly 30 days after it") {
        // 30 days = 2592000 s.
        auto h = visitor();
        h.last_dismissed = kT;
        const auto before = loyalty::survey_eligibility(settings(), h, kT + 30 * kDay - 1);
        CHECK(before.reason == "cooldown_after_dismissed");
        CHECK(before.next_check_at == kT + 30 * kDay);
        CHECK(loyalty::survey_eligibility(settings(), h, kT + 30 * kDay).eligible);
    }

    TEST_CASE("a cool-down of 0 days never blocks") {
        auto s = settings();
        s.cooldown_after_shown_days = 0;
        auto h = visitor();
        h.last_shown = kT;
        CHECK(loyalty::survey_eligibility(s, h, kT).eligible);
    }

    TEST_CASE("the first-visit delay counts from the first visit, or from now if none is known") {
        // delay 2 days = 172800 s after a first visit at T.
        auto s = settings();
        s.first_visit_delay_days = 2;
        auto h = visitor();
        h.first_visit = kT;
        const auto before = loyalty::survey_eligibility(s, h, kT + 2 * kDay - 1);
        CHECK(before.reason == "first_visit_delay");
        CHECK(before.next_check_at == kT + 2 * kDay);
        CHECK(loyalty::survey_eligibility(s, h, kT + 2 * kDay).eligible);
        // No first visit on record: this visit is the first, so the delay runs from now.
        h.first_visit.reset();
        const auto fresh = loyalty::survey_eligibility(s, h, kT + 5 * kDay);
        CHECK(fresh.reason == "first_visit_delay");
        CHECK(fresh.next_check_at == kT + 7 * kDay);
    }

    TEST_CASE("minimum visits and purchases block until the visitor acts, not until a time") {
        auto s = settings();
        s.min_visits = 3;
        s.min_purchases = 1;
        auto h = visitor();
        h.visits = 2;
        h.purchases = 0;
        const auto e = loyalty::survey_eligibility(s, h, kT);
        CHECK(e.reason == "min_visits");
        CHECK(e.reasons == std::vector<std::string>{"min_visits", "min_purchases"});
        CHECK_FALSE(e.next_check_at.has_value());
        h.visits = 3;  // the third visit counts itself
        CHECK(loyalty::survey_eligibility(s, h, kT).reason == "min_purchases");
        h.purchases = 1;
        CHECK(loyalty::survey_eligibility(s, h, kT).eligible);
    }

    TEST_CASE("the reason that lasts longest comes first and sets next_check_at") {
        // Answered 80 days ago: 10 days of its 90 left (ends T + 10 d). Shown 1 day ago: 6 of
        // 7 left (ends T + 6 d). Both apply; the answer's cool-down ends last, so it leads and
        // nothing can change before T + 10 days.
        auto h = visitor();
        h.last_answered = kT - 80 * kDay;
        h.last_shown = kT - 1 * kDay;
        const auto e = loyalty::survey_eligibility(settings(), h, kT);
        CHECK(e.reason == "cooldown_after_answered");
        CHECK(e.reasons ==
              std::vector<std::string>{"cooldown_after_answered", "cooldown_after_shown"});
        CHECK(e.next_check_at == kT + 10 * kDay);
        // Shown 6 days ago as well as answered 89 days ago: the shown cool-down (ends T + 1 d)
        // and the answer's (ends T + 1 d) end together; the tie goes to the answer.
        h.last_answered = kT - 89 * kDay;
        h.last_shown = kT - 6 * kDay;
        const auto tie = loyalty::survey_eligibility(settings(), h, kT);
        CHECK(tie.reasons ==
              std::vector<std::string>{"cooldown_after_answered", "cooldown_after_shown"});
        CHECK(tie.next_check_at == kT + kDay);
    }

    TEST_CASE("a reason time cannot lift outranks every cool-down and clears next_check_at") {
        auto s = settings();
        s.enabled = false;
        s.sample_share_micros = 100'000;
        s.min_visits = 50;
        auto h = visitor("v-0");  // bucket 7981: not sampled at 10%
        h.last_shown = kT - kDay;
        const auto e = loyalty::survey_eligibility(s, h, kT);
        CHECK(e.reasons == std::vector<std::string>{"disabled", "not_sampled", "min_visits",
                                                    "cooldown_after_shown"});
        CHECK(e.reason == "disabled");
        CHECK_FALSE(e.next_check_at.has_value());
    }

    TEST_CASE("an instant after now (a clock moved back) still starts its cool-down there") {
        auto h = visitor();
        h.last_shown = kT + kDay;
        const auto e = loyalty::survey_eligibility(settings(), h, kT);
        CHECK(e.reason == "cooldown_after_shown");
        CHECK(e.next_check_at == kT + 8 * kDay);
    }

    TEST_CASE("absurd instants from a C++ caller saturate instead of wrapping") {
        auto h = visitor();
        h.last_shown = std::numeric_limits<Instant>::max() - 10;
        const auto e = loyalty::survey_eligibility(settings(), h, kT);
        CHECK(e.reason == "cooldown_after_shown");
        CHECK(e.next_check_at == std::numeric_limits<Instant>::max());
    }
}

TEST_SUITE("survey operations") {
    using loyalty::test::json;

    TEST_CASE("survey-summary prints two-decimal numbers and nulls for what does not apply") {
        const json reply = loyalty::test::run(
            "survey-summary",
            json{{"kind", "nps"},
                 {"responses", {9, 10, json{{"score", 3}}, json{{"dismissed", true}}}}});
        INFO(loyalty::test::short_dump(reply, 2000));
        // P = 2, D = 1, n = 3: NPS = 100 / 3 = 33.333... -> 33.33.
        CHECK(reply["score"] == 33.33);
        CHECK(reply["n"] == 3);
        CHECK(reply["dismissed"] == 1);
        CHECK(reply["satisfied"].is_null());
        // The text itself carries at most two decimals.
        const std::string text = loyalty::run_operation(
            "survey-summary", R"({"kind": "nps", "responses": [9, 10, {"score": 3}]})");
        const auto at = text.find("\"score\":");
        REQUIRE(at != std::string::npos);
        CHECK(text.substr(at + 8, 6) == "33.33}");  // keys are sorted; "score" comes last
    }

    TEST_CASE("survey-eligibility reads a survey out of a program") {
        const json program = {
            {"currency", "RUB"},
            {"timezone", "+03:00"},
            {"earn", {{"points", 1}, {"per_amount", 10000}}},
            {"surveys", {{{"id", "nps-main"}, {"kind", "nps"}, {"cooldown_after_shown_days", 7}}}}};
        const json reply = loyalty::test::run(
            "survey-eligibility", json{{"program", program},
                                       {"survey_id", "nps-main"},
                                       {"visitor", {{"id", "v-2"}, {"last_shown", "2026-03-01"}}},
                                       {"now", "2026-03-05T10:00:00+03:00"}});
        INFO(loyalty::test::short_dump(reply, 2000));
        CHECK(reply["ok"] == true);
        CHECK(reply["reason"] == "cooldown_after_shown");
        // "2026-03-01" is midnight in the program's zone (+03:00); 7 days later is 03-08.
        CHECK(reply["next_check_at"] == "2026-03-08T00:00:00+03:00");
        const json missing =
            loyalty::test::run("survey-eligibility", json{{"program", program},
                                                          {"survey_id", "csat"},
                                                          {"visitor", {{"id", "v-2"}}},
                                                          {"now", "2026-03-05"}});
        CHECK(loyalty::test::has_error_at(missing, "/survey_id"));
    }
}
