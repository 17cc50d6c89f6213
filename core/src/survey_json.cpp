#include "survey_json.h"

#include <algorithm>
#include <initializer_list>

namespace loyalty {
namespace {

constexpr int64_t kMaxDays = 36'500;  // a hundred years: "never again" in practice
constexpr int64_t kMaxVisitorCount = 1'000'000'000;
constexpr size_t kMaxTextBytes = 500;
constexpr size_t kMaxLanguages = 20;
constexpr size_t kMaxVisitorIdBytes = 200;

/** An integer field; a fractional number gets a message without JsonReader's money hint. */
/** Reads a whole number of days in [0, kMaxDays] into `out`, leaving the default if absent. */
void read_days(JsonReader& r, const json& object, std::string_view path, std::string_view key,
               int32_t& out) {
    if (auto v = r.integer(object, path, key, false, 0, kMaxDays)) out = int32_t(*v);
}

/** A language code: 2-3 lower-case letters, then optional "-" subtags of 1-8 letters or
 *  digits ("ru", "en", "pt-BR", "zh-Hant"); at most 16 characters. */
bool is_language_code(std::string_view code) {
    if (code.size() < 2 || code.size() > 16) return false;
    size_t i = 0;
    while (i < code.size() && code[i] >= 'a' && code[i] <= 'z') ++i;
    if (i < 2 || i > 3) return false;
    while (i < code.size()) {
        if (code[i] != '-') return false;
        const size_t start = ++i;
        while (i < code.size() &&
               ((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= 'A' && code[i] <= 'Z') ||
                (code[i] >= '0' && code[i] <= '9'))) {
            ++i;
        }
        if (i == start || i - start > 8) return false;
    }
    return true;
}

/** {"ru": "...", "en": "..."} at `path`: 1-500 bytes per text, at most 20 languages. */
std::optional<LocalizedText> read_text(JsonReader& r, const json& value, std::string_view path) {
    if (!r.expect_object(value, path)) return std::nullopt;
    if (value.size() > kMaxLanguages) {
        r.fail(std::string(path),
               "has " + std::to_string(value.size()) + " languages; at most " +
                   std::to_string(kMaxLanguages) + " are accepted",
               ErrorCode::too_many);
        return std::nullopt;
    }
    const size_t before = r.error_count();
    LocalizedText text;
    for (const auto& [lang, item] : value.items()) {
        if (!is_language_code(lang)) {
            const std::string shown = lang.size() > 64 ? lang.substr(0, 64) + "..." : lang;
            r.fail(child_path(path, shown),
                   "is not a language code; expected e.g. \"ru\", \"en\" or \"pt-BR\"",
                   ErrorCode::bad_format);
            continue;
        }
        auto s = r.string(value, path, lang, true, kMaxTextBytes);
        if (!s) continue;
        if (s->empty()) {
            r.fail(child_path(path, lang), "is empty; leave the language out instead",
                   ErrorCode::bad_format);
            continue;
        }
        text.emplace(lang, std::move(*s));
    }
    if (r.error_count() != before) return std::nullopt;
    return text;
}

void read_text_field(JsonReader& r, const json& object, std::string_view path, std::string_view key,
                     LocalizedText& out) {
    if (const json* v = r.member(object, path, key, false)) {
        if (auto t = read_text(r, *v, child_path(path, key))) out = std::move(*t);
    }
}

/** The scale a summary checks scores against. */
struct Scale {
    int32_t min;
    int32_t max;
    std::string_view kind;  // "NPS", "CSAT", "CES"
};

Scale scale_of(SurveyKind kind, int32_t ces_scale) {
    switch (kind) {
        case SurveyKind::Nps:
            return {0, 10, "NPS"};
        case SurveyKind::Csat:
            return {1, 5, "CSAT"};
        case SurveyKind::Ces:
            return {1, ces_scale, "CES"};
    }
    return {0, 10, "NPS"};
}

std::string scale_words(const Scale& s) {
    return "a whole number on the " + std::string(s.kind) + " scale " + std::to_string(s.min) +
           "-" + std::to_string(s.max);
}

/** A score value (a JSON number) at `path`, checked against the scale. */
std::optional<int32_t> read_score_value(JsonReader& r, const json& v, const std::string& path,
                                        const Scale& scale) {
    if (v.is_number_unsigned() || v.is_number_integer()) {
        // Scales start at 0 or 1, so an unsigned number is compared with both ends too.
        const bool in_range = v.is_number_unsigned() ? v.get<uint64_t>() >= uint64_t(scale.min) &&
                                                           v.get<uint64_t>() <= uint64_t(scale.max)
                                                     : (v.get<int64_t>() >= scale.min &&
                                                        v.get<int64_t>() <= scale.max);
        if (in_range) return int32_t(v.get<int64_t>());
        r.fail(path, "is " + dump_json(v) + "; expected " + scale_words(scale),
               ErrorCode::out_of_range);
        return std::nullopt;
    }
    if (v.is_number_float() || v.is_binary()) {  // binary: a fraction's token (json_parse.cpp)
        r.fail(path, "is " + quoted_number(v) + "; expected " + scale_words(scale),
               ErrorCode::wrong_type);
        return std::nullopt;
    }
    r.fail(path, "expected " + scale_words(scale) + ", got " + describe(v), ErrorCode::wrong_type);
    return std::nullopt;
}

/** One item of "responses": a score, {"score": n} or {"dismissed": true}. */
std::optional<SurveyResponse> read_response(JsonReader& r, const json& item,
                                            const std::string& path, const Scale& scale) {
    if (item.is_number() || item.is_binary()) {
        auto score = read_score_value(r, item, path, scale);
        if (!score) return std::nullopt;
        return SurveyResponse{score, false};
    }
    if (!item.is_object()) {
        r.fail(path,
               "expected a score (" + scale_words(scale) +
                   "), {\"score\": n} or {\"dismissed\": true}, got " + describe(item),
               ErrorCode::wrong_type);
        return std::nullopt;
    }
    const size_t before = r.error_count();
    const auto dismissed = r.boolean(item, path, "dismissed", false);
    if (r.error_count() != before) return std::nullopt;  // "dismissed" is not a boolean
    const json* score = r.member(item, path, "score", false);
    if (dismissed.value_or(false)) {
        if (score) {
            r.fail(path, "is both dismissed and scored; a response is one or the other",
                   ErrorCode::conflict);
            return std::nullopt;
        }
        return SurveyResponse{std::nullopt, true};
    }
    if (!score) {
        r.fail(child_path(path, "score"), "is required (or \"dismissed\": true)",
               ErrorCode::required);
        return std::nullopt;
    }
    auto value = read_score_value(r, *score, child_path(path, "score"), scale);
    if (!value) return std::nullopt;
    return SurveyResponse{value, false};
}

json text_json(const LocalizedText& text) {
    json out = json::object();
    for (const auto& [lang, s] : text) out[lang] = s;
    return out;
}

}  // namespace

std::optional<SurveyKind> read_survey_kind(JsonReader& r, const json& object,
                                           std::string_view path) {
    const json* v = r.member(object, path, "kind", true);
    if (!v) return std::nullopt;
    const std::string where = child_path(path, "kind");
    if (!v->is_string()) {
        r.fail(where, "expected \"nps\", \"csat\" or \"ces\", got " + describe(*v),
               ErrorCode::wrong_type);
        return std::nullopt;
    }
    const auto& text = v->get_ref<const std::string&>();
    if (auto kind = parse_survey_kind(text)) return kind;
    // Echo short printable ASCII ("NPS", "Nps") so the mistake is visible; never echo markup-
    // sized, binary or bidi-control text back into a message a page might show.
    const bool echo =
        text.size() <= 40 && std::all_of(text.begin(), text.end(), [](char c) {
            return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' && c != '<' && c != '>';
        });
    r.fail(
        where,
        (echo ? "is \"" + text + "\"; expected" : std::string("is not a survey kind; expected")) +
            " \"nps\", \"csat\" or \"ces\" (lower case)",
        ErrorCode::not_allowed);
    return std::nullopt;
}

std::optional<int32_t> read_survey_scale(JsonReader& r, const json& object, std::string_view path,
                                         SurveyKind kind, int32_t ces_default) {
    const std::string where = child_path(path, "scale");
    const size_t before = r.error_count();
    const auto scale = r.integer(object, path, "scale", false, 0, 1000);
    if (r.error_count() != before) return std::nullopt;
    const std::string is = scale ? "is " + std::to_string(*scale) + "; " : "";
    switch (kind) {
        case SurveyKind::Nps:
            if (!scale || *scale == 10) return 10;
            r.fail(where, is + "NPS is always scored 0-10, so \"scale\" may only be 10",
                   ErrorCode::not_allowed);
            return std::nullopt;
        case SurveyKind::Csat:
            if (!scale || *scale == 5) return 5;
            r.fail(where, is + "CSAT is always scored 1-5, so \"scale\" may only be 5",
                   ErrorCode::not_allowed);
            return std::nullopt;
        case SurveyKind::Ces:
            if (!scale && ces_default != 0) return ces_default;
            if (!scale) {
                r.fail(where, "is required for CES: 5 (scores 1-5) or 7 (scores 1-7)",
                       ErrorCode::required);
                return std::nullopt;
            }
            if (*scale == 5 || *scale == 7) return int32_t(*scale);
            r.fail(where, is + "a CES scale is 5 (scores 1-5) or 7 (scores 1-7)",
                   ErrorCode::not_allowed);
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<SurveySettings> read_survey_settings(JsonReader& r, const json& value,
                                                   std::string_view path) {
    if (!r.expect_object(value, path)) return std::nullopt;
    const size_t before = r.error_count();
    r.reject_unknown(value, path,
                     {"id", "kind", "scale", "enabled", "sample_share", "cooldown_after_shown_days",
                      "cooldown_after_answered_days", "cooldown_after_dismissed_days",
                      "first_visit_delay_days", "min_visits", "min_purchases", "question",
                      "low_label", "high_label", "follow_up", "thanks"});
    SurveySettings s;
    if (auto id = r.identifier(value, path, "id", true)) s.id = *id;

    const auto kind = read_survey_kind(r, value, path);
    const bool kind_known = kind.has_value();
    if (kind) s.kind = *kind;
    if (kind_known) {
        auto scale = read_survey_scale(r, value, path, s.kind, 7);
        if (scale && s.kind == SurveyKind::Ces) s.ces_scale = *scale;
    } else {
        r.integer(value, path, "scale", false, 0, 1000);  // its type is still checked
    }
    if (auto enabled = r.boolean(value, path, "enabled", false)) s.enabled = *enabled;
    if (auto share = r.ratio(value, path, "sample_share", false, Ratio::zero(), Ratio::one())) {
        s.sample_share_micros = share->micros;
    }
    read_days(r, value, path, "cooldown_after_shown_days", s.cooldown_after_shown_days);
    read_days(r, value, path, "cooldown_after_answered_days", s.cooldown_after_answered_days);
    read_days(r, value, path, "cooldown_after_dismissed_days", s.cooldown_after_dismissed_days);
    read_days(r, value, path, "first_visit_delay_days", s.first_visit_delay_days);
    if (auto v = r.integer(value, path, "min_visits", false, 0, 1'000'000)) {
        s.min_visits = int32_t(*v);
    }
    if (auto v = r.integer(value, path, "min_purchases", false, 0, 1'000'000)) {
        s.min_purchases = int32_t(*v);
    }

    read_text_field(r, value, path, "question", s.question);
    read_text_field(r, value, path, "low_label", s.low_label);
    read_text_field(r, value, path, "high_label", s.high_label);
    read_text_field(r, value, path, "thanks", s.thanks);
    if (const json* f = r.member(value, path, "follow_up", false)) {
        const std::string fpath = child_path(path, "follow_up");
        if (r.expect_object(*f, fpath)) {
            if (s.kind == SurveyKind::Nps || !kind_known) {
                r.reject_unknown(*f, fpath, {"all", "promoters", "passives", "detractors"});
            } else {
                r.reject_unknown(*f, fpath, {"all"});
            }
            for (const auto& [segment, texts] : f->items()) {
                if (segment != "all" && segment != "promoters" && segment != "passives" &&
                    segment != "detractors") {
                    continue;  // reported above
                }
                if (auto t = read_text(r, texts, child_path(fpath, segment))) {
                    s.follow_up.emplace(segment, std::move(*t));
                }
            }
        }
    }
    if (r.error_count() != before) return std::nullopt;
    return s;
}

json survey_settings_json(const SurveySettings& s) {
    json follow_up = json::object();
    for (const auto& [segment, text] : s.follow_up) follow_up[segment] = text_json(text);
    json out;  // member by member: see json_reader.h, "Building objects"
    put(out, "id", s.id);
    put(out, "kind", survey_kind_name(s.kind));
    put(out, "enabled", s.enabled);
    // Millionths as a JSON number: 250000 -> 0.25 (the shortest text of the nearest double).
    put(out, "sample_share", double(s.sample_share_micros) / 1e6);
    put(out, "cooldown_after_shown_days", s.cooldown_after_shown_days);
    put(out, "cooldown_after_answered_days", s.cooldown_after_answered_days);
    put(out, "cooldown_after_dismissed_days", s.cooldown_after_dismissed_days);
    put(out, "first_visit_delay_days", s.first_visit_delay_days);
    put(out, "min_visits", s.min_visits);
    put(out, "min_purchases", s.min_purchases);
    put(out, "question", text_json(s.question));
    put(out, "low_label", text_json(s.low_label));
    put(out, "high_label", text_json(s.high_label));
    put(out, "follow_up", std::move(follow_up));
    put(out, "thanks", text_json(s.thanks));
    put(out, "scale",
        s.kind == SurveyKind::Nps    ? 10
        : s.kind == SurveyKind::Csat ? 5
                                     : s.ces_scale);
    return out;
}

std::optional<VisitorHistory> read_visitor_history(JsonReader& r, const json& value,
                                                   std::string_view path, Zone zone) {
    if (!r.expect_object(value, path)) return std::nullopt;
    const size_t before = r.error_count();
    r.reject_unknown(value, path,
                     {"id", "first_visit", "visits", "purchases", "last_shown", "last_answered",
                      "last_dismissed"});
    VisitorHistory h;
    if (auto id = r.string(value, path, "id", true, kMaxVisitorIdBytes)) {
        if (id->empty())
            r.fail(child_path(path, "id"), "is empty; expected the visitor's id",
                   ErrorCode::required);
        h.visitor_id = std::move(*id);
    }
    h.first_visit = r.instant(value, path, "first_visit", false, zone);
    if (auto v = r.integer(value, path, "visits", false, 0, kMaxVisitorCount)) h.visits = *v;
    if (auto v = r.integer(value, path, "purchases", false, 0, kMaxVisitorCount)) {
        h.purchases = *v;
    }
    h.last_shown = r.instant(value, path, "last_shown", false, zone);
    h.last_answered = r.instant(value, path, "last_answered", false, zone);
    h.last_dismissed = r.instant(value, path, "last_dismissed", false, zone);
    if (r.error_count() != before) return std::nullopt;
    return h;
}

std::optional<int32_t> read_survey_score(JsonReader& r, const json& value, const std::string& path,
                                         SurveyKind kind, int32_t ces_scale) {
    return read_score_value(r, value, path, scale_of(kind, ces_scale));
}

std::optional<std::vector<SurveyResponse>> read_survey_responses(JsonReader& r, const json& value,
                                                                 std::string_view path,
                                                                 SurveyKind kind,
                                                                 int32_t ces_scale) {
    if (!r.expect_array(value, path, kMaxSurveyResponses)) return std::nullopt;
    const Scale scale = scale_of(kind, ces_scale);
    std::vector<SurveyResponse> out;
    out.reserve(value.size());
    size_t bad = 0;
    for (size_t i = 0; i < value.size(); ++i) {
        const json& item = value[i];
        // The common case, a bare score on the scale, needs no path and no error list.
        if (item.is_number_integer() && !item.is_number_unsigned()) {
            const auto v = item.get<int64_t>();
            if (v >= scale.min && v <= scale.max) {
                out.push_back(SurveyResponse{int32_t(v), false});
                continue;
            }
        } else if (item.is_number_unsigned() && item.get<uint64_t>() >= uint64_t(scale.min) &&
                   item.get<uint64_t>() <= uint64_t(scale.max)) {
            out.push_back(SurveyResponse{int32_t(item.get<uint64_t>()), false});
            continue;
        }
        Errors item_errors;
        JsonReader item_reader(item_errors);
        auto response = read_response(item_reader, item, child_path(path, i), scale);
        if (response && item_errors.empty()) {
            out.push_back(*response);
            continue;
        }
        if (bad++ < kMaxListedResponseErrors) {
            for (auto& e : item_errors) r.fail(std::move(e.path), std::move(e.message), e.code);
        }
    }
    if (bad > kMaxListedResponseErrors) {
        r.fail(std::string(path),
               std::to_string(bad - kMaxListedResponseErrors) +
                   " more invalid responses; only the first " +
                   std::to_string(kMaxListedResponseErrors) + " are listed",
               ErrorCode::too_many);
    }
    if (bad > 0) return std::nullopt;
    return out;
}

json eligibility_to_json(const Eligibility& e, std::string_view survey_id, Zone zone) {
    json out;
    put(out, "ok", true);
    put(out, "survey_id", survey_id);
    put(out, "eligible", e.eligible);
    put(out, "reason", e.reason);
    put(out, "reasons", e.reasons);
    put(out, "next_check_at",
        e.next_check_at ? json(format_instant(*e.next_check_at, zone)) : json());
    put(out, "sampled", e.sampled);
    put(out, "sample_bucket", e.sample_bucket);
    return out;
}

json summary_to_json(const SurveySummary& s) {
    const bool nps = s.kind == SurveyKind::Nps;
    auto count_if = [](bool applies, int64_t count) { return applies ? json(count) : json(); };
    auto number = [](const std::optional<double>& v) { return v ? json(*v) : json(); };
    json interval;
    if (s.adjusted_wald)
        interval = {{"low", s.adjusted_wald->low}, {"high", s.adjusted_wald->high}};
    return {
        {"ok", true},
        {"kind", survey_kind_name(s.kind)},
        {"scale", {{"min", s.scale_min}, {"max", s.scale_max}}},
        {"n", s.n},
        {"dismissed", s.dismissed},
        {"score", number(s.score)},
        {"promoters", count_if(nps, s.promoters)},
        {"passives", count_if(nps, s.passives)},
        {"detractors", count_if(nps, s.detractors)},
        {"satisfied", count_if(s.kind == SurveyKind::Csat, s.satisfied)},
        {"margin_of_error", number(s.margin_of_error)},
        {"interval", std::move(interval)},
        {"distribution", s.distribution},
    };
}

}  // namespace loyalty
