#include "program_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crypto.h"
#include "loyalty/api.h"
#include "loyalty/engine.h"
#include "reply.h"

namespace loyalty::server {

using nlohmann::json;

const SurveyInfo* ProgramFile::survey(std::string_view survey_id) const {
    for (const auto& s : surveys) {
        if (s.id == survey_id) return &s;
    }
    return nullptr;
}

const RewardInfo* ProgramFile::reward(std::string_view reward_id) const {
    for (const auto& r : rewards) {
        if (r.id == reward_id) return &r;
    }
    return nullptr;
}

Result<ProgramFile> load_program_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"", "cannot read " + path};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_program(std::move(buffer).str(), path);
}

std::string program_etag(std::string_view text) {
    std::string etag = to_hex(digest_bytes(sha256(text)));
    etag.resize(20);
    return '"' + etag + '"';
}

Result<ProgramFile> parse_program(std::string text, std::string path) {
    ProgramFile p;
    p.path = std::move(path);
    p.text = std::move(text);

    const json verdict = json::parse(validate_json(p.text), nullptr, false);
    if (verdict.is_discarded() || !verdict.value("ok", false)) return core_errors(verdict);
    // Valid, so it parses, and every member read below has the shape the core checked.
    const json doc = json::parse(p.text);
    const json& summary = verdict["program"];
    auto parsed = loyalty::parse_program(p.text);
    if (!parsed.ok()) return parsed.errors();  // validate accepted it: never, unless a bug
    p.core = std::move(parsed.value());
    p.etag = program_etag(p.text);
    p.id = summary.value("id", "");
    p.currency = summary.value("currency", doc.value("currency", "RUB"));
    p.zone = parse_zone(summary.value("timezone", "Z")).value_or(Zone{});
    // The core's summary, with every default filled in.
    for (const auto& w : summary.value("rewards", json::array())) {
        p.rewards.push_back({w.value("id", ""), w.value("name", ""), w.value("cost", int64_t(0)),
                             w.value("code_days", 30)});
    }
    p.return_expired_codes = summary["redemption"].value("return_expired_codes", false);
    const json& bonuses = summary["bonuses"];
    p.referrer_bonus = bonuses.value("referral_referrer", int64_t(0));
    p.referee_bonus = bonuses.value("referral_referee", int64_t(0));
    p.referral_max_per_month = bonuses.value("referral_max_per_month", int64_t(0));
    // The surveys as the core parsed them: their kinds and scales are the core's.
    for (const SurveySettings& s : p.core.surveys) {
        SurveyInfo info;
        info.id = s.id;
        info.type = s.kind;
        info.kind = std::string(survey_kind_name(s.kind));
        info.scale_min = s.kind == SurveyKind::Nps ? 0 : 1;
        info.scale_max = s.kind == SurveyKind::Nps    ? 10
                         : s.kind == SurveyKind::Csat ? 5
                                                      : s.ces_scale;
        p.surveys.push_back(std::move(info));
    }
    return p;
}

}  // namespace loyalty::server
