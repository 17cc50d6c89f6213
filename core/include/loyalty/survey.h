// Surveys: NPS, CSAT and CES scoring, and whether to show a survey to a visitor now.
// Definitions, reason codes and the sampling hash are documented in docs/surveys.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/error.h"

namespace loyalty {

enum class SurveyKind { Nps, Csat, Ces };

/** "nps", "csat" or "ces". */
std::string_view survey_kind_name(SurveyKind kind);
/** The kind named by "nps", "csat" or "ces" (lower case); empty for anything else. */
std::optional<SurveyKind> parse_survey_kind(std::string_view text);

/** Text in several languages, keyed by language code ("ru", "en", "pt-BR"). */
using LocalizedText = std::map<std::string, std::string, std::less<>>;

/** A survey as program.json states it: when it may be shown (durations in whole days, a share
 *  in millionths) and what the widget shows (texts per language). */
struct SurveySettings {
    std::string id;
    SurveyKind kind = SurveyKind::Nps;
    int32_t ces_scale = 7;  // CES only: 5 or 7
    bool enabled = true;    // false: never shown (reason "disabled")
    int32_t cooldown_after_shown_days = 7;
    int32_t cooldown_after_answered_days = 90;
    int32_t cooldown_after_dismissed_days = 30;
    int32_t first_visit_delay_days = 0;
    int32_t min_visits = 0;
    int32_t min_purchases = 0;
    int64_t sample_share_micros = 1'000'000;  // share of visitors sampled, in millionths

    // Presentation, for the widget; the core only validates and passes these on.
    LocalizedText question;
    LocalizedText low_label;   // under the lowest score ("Ни за что")
    LocalizedText high_label;  // under the highest score ("Обязательно")
    /** Follow-up question by segment: "all", and for NPS "promoters", "passives",
     *  "detractors" (a segment's own text wins over "all"). */
    std::map<std::string, LocalizedText, std::less<>> follow_up;
    LocalizedText thanks;
};

/** What the visitor's browser remembers (localStorage). Instants are absent when never. */
struct VisitorHistory {
    std::string visitor_id;
    std::optional<Instant> first_visit;  // absent: this visit is the first (it starts now)
    int64_t visits = 0;                  // visits so far, this one included
    int64_t purchases = 0;               // completed purchases so far
    std::optional<Instant> last_shown;
    std::optional<Instant> last_answered;
    std::optional<Instant> last_dismissed;
};

/** Buckets the sampling hash splits visitors into; a share of 1% is 100 buckets. */
inline constexpr int32_t kSurveySampleBuckets = 10'000;

/** The visitor's sampling bucket for a survey, 0..9999: fmix64(fnv1a64(survey_id + "\n" +
 *  visitor_id)) modulo 10000, over the UTF-8 bytes. Stable across calls, builds and platforms,
 *  so a visitor left out of a sample stays left out. */
int32_t survey_sample_bucket(std::string_view survey_id, std::string_view visitor_id);

/** The 64-bit FNV-1a hash of `bytes` (offset basis 0xcbf29ce484222325, prime 0x100000001b3). */
uint64_t fnv1a64(std::string_view bytes);

/** MurmurHash3's 64-bit finalizer: xor-shift 33, multiply 0xff51afd7ed558ccd, xor-shift 33,
 *  multiply 0xc4ceb9fe1a85ec53, xor-shift 33. A bijection that mixes every bit into every bit. */
uint64_t fmix64(uint64_t k);

struct Eligibility {
    bool eligible = false;
    /** The deciding reason: "eligible" or the first of `reasons`. */
    std::string reason;
    /** Every reason the survey may not be shown now, most lasting first (docs/surveys.md):
     *  "disabled", "not_sampled", "min_visits", "min_purchases", then the time-bound ones
     *  ("cooldown_after_answered", "cooldown_after_dismissed", "cooldown_after_shown",
     *  "first_visit_delay") latest-ending first. Empty when eligible. */
    std::vector<std::string> reasons;
    /** Earliest instant the answer could change by time alone: when every time-bound reason has
     *  lapsed. Absent when eligible, or when a reason time cannot lift applies. */
    std::optional<Instant> next_check_at;
    bool sampled = false;
    int32_t sample_bucket = 0;  // 0..9999, from a hash of survey id and visitor id
};

/** Decides whether to show `settings` to a visitor at `now`. Pure: same inputs, same answer.
 *  A cool-down of d days after instant t blocks [t, t + d * 86400): at t + d days exactly the
 *  survey may be shown again. Never fails. */
Eligibility survey_eligibility(const SurveySettings& settings, const VisitorHistory& history,
                               Instant now);

/** One answer: a score on the survey's scale, or a dismissal (not a respondent). */
struct SurveyResponse {
    std::optional<int32_t> score;
    bool dismissed = false;
};

struct Interval {
    double low = 0;
    double high = 0;
};

/** Most responses summarize_survey accepts (keeps every exact intermediate inside 128 bits). */
inline constexpr size_t kMaxSurveyResponses = 10'000'000;

/** At most this many invalid responses are listed one by one; one more error counts the rest
 *  (a million bad responses should not make a million-line error document). */
inline constexpr size_t kMaxListedResponseErrors = 20;

/** Scores of a survey. Every double is a whole number of hundredths (k / 100.0), rounded half
 *  away from zero from the exact value, so native and wasm print identical JSON. */
struct SurveySummary {
    SurveyKind kind = SurveyKind::Nps;
    int32_t scale_min = 0;  // NPS 0-10, CSAT 1-5, CES 1-5 or 1-7
    int32_t scale_max = 10;
    int64_t n = 0;  // respondents (dismissals excluded)
    int64_t dismissed = 0;
    /** NPS in [-100, 100]; CSAT in [0, 100] percent; CES the mean score. Absent when n == 0. */
    std::optional<double> score;
    // NPS only
    int64_t promoters = 0, passives = 0, detractors = 0;
    // CSAT only: answers of 4 or 5
    int64_t satisfied = 0;
    std::optional<double> margin_of_error;  // NPS, n > 0: 95% Wald, in score points
    std::optional<Interval> adjusted_wald;  // NPS, n > 0: 95% adjusted-Wald, within ±100
    std::vector<int64_t> distribution;      // count per scale value, lowest first
};

/** Scores responses. `ces_scale` (5 or 7) is read for CES only. Fails when the CES scale is
 *  neither (path "/scale"), a response is neither scored nor dismissed or is off the scale
 *  (path "/responses/<index>"), or there are more than kMaxSurveyResponses. */
Result<SurveySummary> summarize_survey(SurveyKind kind, int32_t ces_scale,
                                       const std::vector<SurveyResponse>& responses);

}  // namespace loyalty
