#include "surveys.h"

#include <algorithm>

#include "core_calls.h"
#include "crypto.h"
#include "ids.h"
#include "loyalty/engine_json.h"
#include "request_body.h"
#include "trend.h"

namespace loyalty::server {
namespace {

constexpr Instant kDay = 86'400;

bool printable_id(std::string_view s) {
    if (s.empty()) return false;
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
}

std::string known_surveys(const ProgramFile& p) {
    if (p.surveys.empty()) return "the program has no surveys";
    std::string out = "the program's surveys: ";
    for (size_t i = 0; i < p.surveys.size(); ++i) out += (i ? ", " : "") + p.surveys[i].id;
    return out;
}

}  // namespace

Reply record_survey_answer(App& app, const json& body, const std::optional<std::string>& header_key,
                           const std::optional<std::string>& customer_id) {
    Errors errors;
    FieldReader r(body, errors);
    // Unknown members are ignored, not refused: a widget newer than this server may send more,
    // and a refused answer is dropped by the widget's queue, which would lose it.
    auto survey_id = r.string("survey_id", true, 64);
    auto visitor_id =
        r.string("visitor_id", true, 200, printable_id, "1-200 bytes of printable text");
    auto kind = r.string("kind", false, 10);
    auto dismissed = r.boolean("dismissed", false);
    const json* score = r.raw("score", false);
    auto follow_up = r.string("follow_up_answer", false, 2000);
    auto key = r.string("idempotency_key", !header_key, 128, valid_idempotency_key,
                        "8-128 of A-Z a-z 0-9 - _ (a random value the client keeps for retries)");
    auto answered_text = r.string("answered_at", true, 40);
    auto page = r.string("page", false, 2000);
    auto lang = r.string("lang", false, 35);

    const SurveyInfo* survey = survey_id ? app.program().survey(*survey_id) : nullptr;
    if (survey_id && !survey) {
        errors.push_back(
            {"/survey_id",
             "no survey \"" + *survey_id + "\" in the program; " + known_surveys(app.program()),
             ErrorCode::unknown_reference});
    }
    if (survey && kind && *kind != survey->kind) {
        errors.push_back({"/kind",
                          "is \"" + *kind + "\"; survey " + survey->id + " is " + survey->kind,
                          ErrorCode::conflict});
    }
    if (header_key && !valid_idempotency_key(*header_key)) {
        errors.push_back({"", "the Idempotency-Key header must be 8-128 of A-Z a-z 0-9 - _",
                          ErrorCode::bad_format});
    } else if (header_key && key && *header_key != *key) {
        errors.push_back(
            {"/idempotency_key", "differs from the Idempotency-Key header", ErrorCode::conflict});
    }
    std::optional<Instant> answered_at;
    if (answered_text) {
        answered_at = parse_instant(*answered_text, app.program().zone);
        if (!answered_at)
            errors.push_back({"/answered_at",
                              "expected an ISO 8601 instant, e.g. 2026-11-26T12:00:00Z",
                              ErrorCode::bad_format});
    }
    const bool is_dismissal = dismissed.value_or(false);
    if (is_dismissal && score)
        errors.push_back({"/score", "a dismissed survey has no score", ErrorCode::conflict});
    if (!is_dismissal && !score && !dismissed.has_value())
        errors.push_back({"/score", "is required (or \"dismissed\": true)", ErrorCode::required});
    if (!is_dismissal && !score && dismissed.has_value())
        errors.push_back(
            {"/score", "is required when \"dismissed\" is false", ErrorCode::required});
    if (survey && score && !is_dismissal) {
        // The core knows the scales: its reader checks the score, with the messages it gives a
        // response in a summary.
        auto checked = survey_score_from_json(*score, survey->type, survey->scale_max, "/score");
        if (!checked.ok())
            errors.insert(errors.end(), checked.errors().begin(), checked.errors().end());
    }
    if (!errors.empty()) return error_reply(400, errors);

    const std::string k = key ? *key : *header_key;
    const Instant received = app.clock.now();
    // Reports bucket by when the answer was given, but never by a browser clock that runs ahead.
    const Instant at = std::min(*answered_at, received);
    json canonical = body;
    canonical["idempotency_key"] = k;
    const std::string hash = to_hex(
        digest_bytes(sha256(canonical.dump(-1, ' ', false, json::error_handler_t::replace))));

    // Stored in the group commit with SQLite: a burst of answers shares its fsyncs with the
    // bookings.
    // No lock of its own: ON CONFLICT settles two answers with one key.
    return app.write({}, [&](Connection& conn, WriteTx& tx) -> Reply {
        tx.keep();  // the row, or nothing when it was stored before
        {
            auto s = conn.prepare(
                "INSERT INTO survey_answers (idempotency_key, survey_id, kind, visitor_id, "
                "customer_id, "
                "score, dismissed, follow_up, answered_at, at, received_at, page, lang, "
                "request_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) "
                "DO "
                "NOTHING");
            s.bind(1, k)
                .bind(2, survey->id)
                .bind(3, survey->kind)
                .bind(4, *visitor_id)
                .bind(5, customer_id);
            if (is_dismissal)
                s.bind_null(6);
            else
                s.bind(6, score->get<int64_t>());
            s.bind(7, int64_t(is_dismissal ? 1 : 0)).bind(8, follow_up).bind(9, *answered_text);
            s.bind(10, at).bind(11, received).bind(12, page).bind(13, lang).bind(14, hash);
            s.run();
        }
        // 201 when this call stored the answer, 200 when it was stored before with the same
        // content.
        const auto stored_reply = [&](bool now) {
            return Reply{now ? 201 : 200,
                         {{"ok", true},
                          {"stored", now},
                          {"duplicate", !now},
                          {"idempotency_key", k},
                          {"survey_id", survey->id}},
                         {}};
        };
        if (conn.changes() == 1) return stored_reply(true);
        auto s = conn.prepare("SELECT request_hash FROM survey_answers WHERE idempotency_key = ?");
        s.bind(1, k);
        if (s.step() && s.text(0) == hash) return stored_reply(false);
        return error_reply(
            409, "/idempotency_key",
            "an answer with this key is stored already with different content; a key "
            "stands for one answer");
    });
}

namespace {

std::optional<Instant> read_bound(const std::string& text, Zone zone, const char* name,
                                  Errors& errors) {
    if (text.empty()) return std::nullopt;
    auto t = parse_instant(text, zone);
    if (!t)
        errors.push_back(
            {std::string("/") + name, "expected an ISO 8601 date or instant, e.g. 2026-09-01"});
    return t;
}

}  // namespace

Reply survey_report(App& app, const SurveyQuery& q) {
    const ProgramFile& p = app.program();
    Errors errors;
    auto from = read_bound(q.from, p.zone, "from", errors);
    auto to = read_bound(q.to, p.zone, "to", errors);
    std::optional<BucketSize> size;
    if (!q.bucket.empty()) {
        size = parse_bucket_size(q.bucket);
        if (!size)
            errors.push_back({"/bucket", "expected \"week\" or \"month\"", ErrorCode::not_allowed});
    }
    std::vector<const SurveyInfo*> surveys;
    if (!q.survey_id.empty()) {
        if (const SurveyInfo* s = p.survey(q.survey_id))
            surveys.push_back(s);
        else
            errors.push_back(
                {"/survey_id",
                 "no survey \"" + q.survey_id + "\" in the program; " + known_surveys(p),
                 ErrorCode::unknown_reference});
    } else {
        for (const auto& s : p.surveys) surveys.push_back(&s);
    }
    if (!errors.empty()) return error_reply(400, errors);

    const Instant now = app.clock.now();
    const Instant end = to.value_or(now + 1);              // "now" included
    const Instant start = from.value_or(end - 84 * kDay);  // twelve weeks
    if (start >= end)
        return error_reply(400, "/from", "must be before \"to\"", ErrorCode::out_of_order);
    const BucketSize bucket =
        size.value_or(end - start <= 26 * 7 * kDay ? BucketSize::Week : BucketSize::Month);
    const auto buckets = calendar_buckets(start, end, bucket, p.zone);
    if (buckets.size() > kMaxTrendBuckets) {
        return error_reply(400, "/bucket",
                           "the period holds " + std::to_string(buckets.size()) + " " +
                               std::string(bucket_size_name(bucket)) + "s; at most " +
                               std::to_string(kMaxTrendBuckets) +
                               " are reported (choose a shorter period or bucket=month)",
                           ErrorCode::too_many);
    }

    json out_surveys = json::array();
    auto conn = app.pool->acquire();
    for (const SurveyInfo* survey : surveys) {
        std::vector<SurveyResponse> all;
        std::vector<std::vector<SurveyResponse>> per_bucket(buckets.size());
        json comments = json::array();
        auto s = conn->prepare(
            "SELECT at, dismissed, score, follow_up, lang, page FROM survey_answers "
            "WHERE survey_id = ? AND at >= ? AND at < ? ORDER BY at, received_at");
        s.bind(1, survey->id).bind(2, start).bind(3, end);
        size_t b = 0;
        while (s.step()) {
            const Instant at = s.integer(0);
            const bool dismissed = s.integer(1) != 0;
            const SurveyResponse item = survey_response(dismissed, dismissed ? 0 : s.integer(2));
            all.push_back(item);
            while (b + 1 < buckets.size() && at >= buckets[b].end) ++b;
            per_bucket[b].push_back(item);
            if (!s.is_null(3)) {
                comments.push_back({{"at", p.iso(at)},
                                    {"score", dismissed ? json(nullptr) : json(s.integer(2))},
                                    {"text", s.text(3)},
                                    {"lang", s.is_null(4) ? json(nullptr) : json(s.text(4))},
                                    {"page", s.is_null(5) ? json(nullptr) : json(s.text(5))}});
            }
        }
        // The newest twenty follow-up texts, newest first.
        json recent = json::array();
        for (size_t i = comments.size(); i > 0 && recent.size() < 20; --i)
            recent.push_back(comments[i - 1]);
        json trend = json::array();
        for (size_t i = 0; i < buckets.size(); ++i) {
            trend.push_back({{"start", p.iso(buckets[i].start)},
                             {"end", p.iso(buckets[i].end)},
                             {"answers", per_bucket[i].size()},
                             {"summary", core_survey_summary(*survey, per_bucket[i])}});
        }
        out_surveys.push_back({{"id", survey->id},
                               {"kind", survey->kind},
                               {"scale", {{"min", survey->scale_min}, {"max", survey->scale_max}}},
                               {"answers", all.size()},
                               {"summary", core_survey_summary(*survey, all)},
                               {"trend", std::move(trend)},
                               {"comments", std::move(recent)}});
    }
    return Reply{200,
                 {{"ok", true},
                  {"program_id", p.id},
                  {"now", p.iso(now)},
                  {"from", p.iso(start)},
                  {"to", p.iso(end)},
                  {"bucket", bucket_size_name(bucket)},
                  {"surveys", std::move(out_surveys)}},
                 {}};
}

}  // namespace loyalty::server
