// Whether to show a survey now: a pure function of the settings, the visitor's history and now.
// Reason codes and their precedence are part of the API; docs/surveys.md lists them.
#include <algorithm>
#include <limits>
#include <utility>

#include "loyalty/checked.h"
#include "loyalty/survey.h"

namespace loyalty {
namespace {

/** A reason that lapses by itself at `ends`. `rank` breaks ties between equal ends. */
struct TimedReason {
    Instant ends;
    int rank;
    const char* code;
};

/** t + days, saturating: an absurd instant from a C++ caller must not wrap into the past. */
Instant add_days(Instant t, int32_t days) {
    const auto sum = checked_add(t, int64_t(days) * kSecondsPerDay);
    if (sum) return *sum;
    return days > 0 ? std::numeric_limits<Instant>::max() : std::numeric_limits<Instant>::min();
}

/** Adds the cool-down reason when `since + days` is still ahead of now. A cool-down covers
 *  [since, since + days): exactly at its end the survey may be shown again. An instant after
 *  now (the browser clock moved back) still starts its cool-down where it says. */
void cooldown(std::vector<TimedReason>& out, const std::optional<Instant>& since, int32_t days,
              Instant now, int rank, const char* code) {
    if (!since || days <= 0) return;
    const Instant ends = add_days(*since, days);
    if (now < ends) out.push_back({ends, rank, code});
}

/** Latest-ending first; ties by rank. An insertion sort: there are at most four reasons, and
 *  std::sort's introsort would add kilobytes to the WebAssembly every shop page downloads. */
void sort_latest_first(std::vector<TimedReason>& timed) {
    const auto before = [](const TimedReason& a, const TimedReason& b) {
        return a.ends != b.ends ? a.ends > b.ends : a.rank < b.rank;
    };
    for (size_t i = 1; i < timed.size(); ++i) {
        for (size_t j = i; j > 0 && before(timed[j], timed[j - 1]); --j) {
            std::swap(timed[j], timed[j - 1]);
        }
    }
}

}  // namespace

uint64_t fnv1a64(std::string_view bytes) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (char c : bytes) {
        h ^= uint64_t(static_cast<unsigned char>(c));
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t fmix64(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return k;
}

int32_t survey_sample_bucket(std::string_view survey_id, std::string_view visitor_id) {
    std::string key;
    key.reserve(survey_id.size() + 1 + visitor_id.size());
    key.append(survey_id).append("\n").append(visitor_id);
    // The survey id is part of the key so that the visitors left out of one survey are not
    // always the same visitors left out of every other survey.
    // FNV-1a alone leaves neighbouring ids ("v-1", "v-2") in buckets a fixed step apart; the
    // MurmurHash3 finalizer spreads them independently.
    return int32_t(fmix64(fnv1a64(key)) % uint64_t(kSurveySampleBuckets));
}

Eligibility survey_eligibility(const SurveySettings& settings, const VisitorHistory& history,
                               Instant now) {
    Eligibility e;
    e.sample_bucket = survey_sample_bucket(settings.id, history.visitor_id);
    // A share of s millionths samples the buckets below s * 10000 / 10^6 = s / 100 (floor):
    // 25% samples buckets 0..2499. Shares finer than 0.01% are rounded down.
    const int64_t share = std::clamp<int64_t>(settings.sample_share_micros, 0, 1'000'000);
    e.sampled = e.sample_bucket < share / 100;

    // Reasons time cannot lift, in their fixed order.
    if (!settings.enabled) e.reasons.push_back("disabled");
    if (!e.sampled) e.reasons.push_back("not_sampled");
    if (history.visits < settings.min_visits) e.reasons.push_back("min_visits");
    if (history.purchases < settings.min_purchases) e.reasons.push_back("min_purchases");
    const bool lasting = !e.reasons.empty();

    // Reasons that lapse by themselves, latest-ending first: the first one explains
    // next_check_at. Ties go to the order below (answered, dismissed, shown, first visit).
    std::vector<TimedReason> timed;
    cooldown(timed, history.last_answered, settings.cooldown_after_answered_days, now, 0,
             "cooldown_after_answered");
    cooldown(timed, history.last_dismissed, settings.cooldown_after_dismissed_days, now, 1,
             "cooldown_after_dismissed");
    cooldown(timed, history.last_shown, settings.cooldown_after_shown_days, now, 2,
             "cooldown_after_shown");
    // No first visit on record means this visit is the first one.
    cooldown(timed, history.first_visit.value_or(now), settings.first_visit_delay_days, now, 3,
             "first_visit_delay");
    sort_latest_first(timed);
    for (const auto& t : timed) e.reasons.push_back(t.code);

    e.eligible = e.reasons.empty();
    e.reason = e.eligible ? "eligible" : e.reasons.front();
    if (!lasting && !timed.empty()) e.next_check_at = timed.front().ends;
    return e;
}

}  // namespace loyalty
