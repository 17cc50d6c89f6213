// NPS, CSAT and CES scores with exact rounding.
//
// Every reported number is a whole count of hundredths, rounded half away from zero from the
// exact value: a rational (NPS, CSAT, CES mean) is rounded with integer division, and an
// expression with a square root (margins, interval ends) is rounded by comparing squares of
// integers, so no floating-point rounding ever decides a digit. That is what lets the native
// and the wasm builds print identical text, and keeps ties (12.345) going the same way.
#include <cmath>

#include "loyalty/survey.h"

namespace loyalty {
namespace {

using i128 = __int128;

/** floor(a / b) for b > 0. */
i128 floor_div(i128 a, i128 b) {
    i128 q = a / b;
    if ((a % b != 0) && (a < 0)) --q;
    return q;
}

/** A real number y = (p + s * sqrt(r / t)) / q with q > 0, t > 0, r >= 0, s = ±1.
 *  With r = 0 it is the rational p / q. */
struct SurdValue {
    i128 p = 0;
    i128 q = 1;
    int s = 1;
    i128 r = 0;
    i128 t = 1;
};

/** Exactly whether k <= y. With u = k*q - p: k <= y  <=>  u <= s * sqrt(r / t). */
bool at_most(i128 k, const SurdValue& y) {
    const i128 u = k * y.q - y.p;
    if (y.s > 0) return u <= 0 || u * u * y.t <= y.r;
    return u <= 0 && u * u * y.t >= y.r;
}

/** floor(y), exactly: a floating-point estimate, then corrected by exact comparisons. */
i128 floor_exact(const SurdValue& y) {
    const double root = std::sqrt(double(y.r) / double(y.t));
    const double estimate = (double(y.p) + y.s * root) / double(y.q);
    i128 k = i128(std::floor(estimate));
    while (!at_most(k, y)) --k;
    while (at_most(k + 1, y)) ++k;
    return k;
}

/** y rounded to the nearest integer, halves away from zero: floor(y + 1/2) for y >= 0 and
 *  -floor(-y + 1/2) below zero. y + 1/2 = (2p + q + s*sqrt(4r/t)) / 2q. */
int64_t round_half_away(const SurdValue& y) {
    if (at_most(0, y)) {
        return int64_t(floor_exact({2 * y.p + y.q, 2 * y.q, y.s, 4 * y.r, y.t}));
    }
    return -int64_t(floor_exact({-2 * y.p + y.q, 2 * y.q, -y.s, 4 * y.r, y.t}));
}

/** num / den rounded half away from zero (den > 0). */
int64_t round_ratio(i128 num, i128 den) {
    const i128 twice = 2 * num;
    if (num >= 0) return int64_t(floor_div(twice + den, 2 * den));
    return -int64_t(floor_div(-twice + den, 2 * den));
}

double hundredths(int64_t h) { return double(h) / 100.0; }

// 1.96, the 95% normal quantile of the Wald intervals, scaled twice by 100: a margin of
// 1.96 * sqrt(v) * 100 score points is 19600 * sqrt(v) hundredths of a point.
constexpr i128 kZ = 19600;

/** NPS scores, the Wald margin and the adjusted-Wald interval (Sauro & Lewis). */
void score_nps(SurveySummary& s) {
    // With n <= kMaxSurveyResponses (10^7) the largest product formed, u^2 * t in at_most()
    // for the interval ends, stays below 10^33, well inside __int128 (1.7 * 10^38).
    const i128 n = s.n, p = s.promoters, d = s.detractors;
    // NPS = 100 * (P - D) / n score points = 10000 * (P - D) / n hundredths.
    s.score = hundredths(round_ratio(10000 * (p - d), n));

    // Wald: 1.96 * sqrt((pP + pD - (pP - pD)^2) / n) * 100. With pP = P/n, pD = D/n the
    // variance is V / n^3 where V = (P + D) n - (P - D)^2 >= 0, so in hundredths the margin is
    // 19600 * sqrt(V / n^3) = sqrt(19600^2 * V / n) / n.
    const i128 v = (p + d) * n - (p - d) * (p - d);
    s.margin_of_error = hundredths(round_half_away({0, n, 1, kZ * kZ * v, n}));

    // Adjusted Wald: add 3 to n and 0.75 to promoters and detractors. In quarters:
    // P4 = 4P + 3, D4 = 4D + 3, N4 = 4n + 12, so pP' = P4 / N4, pD' = D4 / N4, n' = N4 / 4.
    // Variance (pP' + pD' - (pP' - pD')^2) / n' = 4 W / N4^3 with W = (P4 + D4) N4 - (P4 - D4)^2.
    // Centre 10000 (P4 - D4) / N4 hundredths, margin sqrt(19600^2 * 4W / N4) / N4 hundredths.
    const i128 p4 = 4 * p + 3, d4 = 4 * d + 3, n4 = 4 * n + 12;
    const i128 w = (p4 + d4) * n4 - (p4 - d4) * (p4 - d4);
    const i128 centre = 10000 * (p4 - d4);
    const i128 radicand = kZ * kZ * 4 * w;
    int64_t low = round_half_away({centre, n4, -1, radicand, n4});
    int64_t high = round_half_away({centre, n4, 1, radicand, n4});
    // NPS cannot leave [-100, 100]; the bounds are whole hundredths, so clipping after rounding
    // equals rounding after clipping.
    if (low < -10000) low = -10000;
    if (high > 10000) high = 10000;
    s.adjusted_wald = Interval{hundredths(low), hundredths(high)};
}

std::string scale_text(const SurveySummary& s) {
    const char* name = s.kind == SurveyKind::Nps    ? "NPS"
                       : s.kind == SurveyKind::Csat ? "CSAT"
                                                    : "CES";
    return std::string("a whole number on the ") + name + " scale " + std::to_string(s.scale_min) +
           "-" + std::to_string(s.scale_max);
}

}  // namespace

std::string_view survey_kind_name(SurveyKind kind) {
    switch (kind) {
        case SurveyKind::Nps:
            return "nps";
        case SurveyKind::Csat:
            return "csat";
        case SurveyKind::Ces:
            return "ces";
    }
    return "nps";
}

std::optional<SurveyKind> parse_survey_kind(std::string_view text) {
    if (text == "nps") return SurveyKind::Nps;
    if (text == "csat") return SurveyKind::Csat;
    if (text == "ces") return SurveyKind::Ces;
    return std::nullopt;
}

Result<SurveySummary> summarize_survey(SurveyKind kind, int32_t ces_scale,
                                       const std::vector<SurveyResponse>& responses) {
    SurveySummary s;
    s.kind = kind;
    switch (kind) {
        case SurveyKind::Nps:
            s.scale_min = 0, s.scale_max = 10;
            break;
        case SurveyKind::Csat:
            s.scale_min = 1, s.scale_max = 5;
            break;
        case SurveyKind::Ces:
            if (ces_scale != 5 && ces_scale != 7) {
                return Error{"/scale",
                             "is " + std::to_string(ces_scale) +
                                 "; a CES scale is 5 (scores 1-5) or 7 (scores 1-7)",
                             ErrorCode::not_allowed};
            }
            s.scale_min = 1, s.scale_max = ces_scale;
            break;
    }
    if (responses.size() > kMaxSurveyResponses) {
        return Error{"/responses",
                     "has " + std::to_string(responses.size()) + " responses; at most " +
                         std::to_string(kMaxSurveyResponses) + " are accepted",
                     ErrorCode::too_many};
    }
    s.distribution.assign(size_t(s.scale_max - s.scale_min + 1), 0);

    Errors errors;
    size_t unlisted = 0;  // invalid responses beyond kMaxListedResponseErrors
    auto report = [&](size_t index, std::string message, ErrorCode code) {
        if (errors.size() < kMaxListedResponseErrors) {
            errors.push_back({"/responses/" + std::to_string(index), std::move(message), code});
        } else {
            ++unlisted;
        }
    };
    i128 sum = 0;
    for (size_t i = 0; i < responses.size(); ++i) {
        const auto& r = responses[i];
        if (r.dismissed) {
            if (r.score) {
                report(i, "is both dismissed and scored; a response is one or the other",
                       ErrorCode::conflict);
            } else {
                ++s.dismissed;
            }
            continue;
        }
        if (!r.score) {
            report(i, "has neither a score nor \"dismissed\": true", ErrorCode::required);
            continue;
        }
        const int32_t v = *r.score;
        if (v < s.scale_min || v > s.scale_max) {
            report(i, "is " + std::to_string(v) + "; expected " + scale_text(s),
                   ErrorCode::out_of_range);
            continue;
        }
        ++s.n;
        sum += v;
        ++s.distribution[size_t(v - s.scale_min)];
        if (kind == SurveyKind::Nps) {
            if (v >= 9)
                ++s.promoters;
            else if (v >= 7)
                ++s.passives;
            else
                ++s.detractors;
        } else if (kind == SurveyKind::Csat && v >= 4) {
            ++s.satisfied;
        }
    }
    if (unlisted > 0) {
        errors.push_back({"/responses",
                          std::to_string(unlisted) + " more invalid responses; only the first " +
                              std::to_string(kMaxListedResponseErrors) + " are listed",
                          ErrorCode::too_many});
    }
    if (!errors.empty()) return errors;
    if (s.n == 0) return s;  // no respondents: no score, no margin (and no division by zero)

    switch (kind) {
        case SurveyKind::Nps:
            score_nps(s);
            break;
        case SurveyKind::Csat:
            // Share of 4-5 in percent: 100 * satisfied / n = 10000 * satisfied / n hundredths.
            s.score = hundredths(round_ratio(10000 * i128(s.satisfied), s.n));
            break;
        case SurveyKind::Ces:
            // Mean score: sum / n = 100 * sum / n hundredths.
            s.score = hundredths(round_ratio(100 * sum, s.n));
            break;
    }
    return s;
}

}  // namespace loyalty
