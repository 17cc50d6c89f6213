// The program the server runs: program.json read once at start, checked by the core's validate
// and parsed once by its typed API (engine.h), plus what the server needs to know of it (zone,
// surveys and their scales).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.h"
#include "loyalty/error.h"
#include "loyalty/program.h"
#include "loyalty/survey.h"

namespace loyalty::server {

/** A survey of the program, as far as storing and scoring answers needs it. */
struct SurveyInfo {
    std::string id;
    SurveyKind type = SurveyKind::Nps;  // as the core parsed it
    std::string kind;                   // its name: "nps", "csat", "ces"
    int scale_min = 0;
    int scale_max = 10;
};

/** A reward of the program, as far as claiming codes needs it. */
struct RewardInfo {
    std::string id;
    std::string name;
    int64_t cost = 0;  // points
    int code_days = 30;
};

struct ProgramFile {
    std::string path;  // the file it was read from, or "version 3"
    std::string text;  // the file as read; GET /api/loyalty/program serves it
    Program core;      // the core's parsed programme: status and preview calls take it
    std::string etag;  // quoted, from the SHA-256 of `text`
    std::string id;
    std::string currency;  // ISO 4217 code of every amount: "RUB"
    Zone zone;
    std::vector<SurveyInfo> surveys;
    std::vector<RewardInfo> rewards;
    bool return_expired_codes = false;
    int64_t referrer_bonus = 0;          // bonuses.referral_referrer
    int64_t referee_bonus = 0;           // bonuses.referral_referee
    int64_t referral_max_per_month = 0;  // 0: no cap

    /** The survey with this id, or nullptr. */
    const SurveyInfo* survey(std::string_view survey_id) const;
    /** The reward with this id, or nullptr. */
    const RewardInfo* reward(std::string_view reward_id) const;
    /** "2026-11-26T21:07:21+03:00": an instant in the program's zone. */
    std::string iso(Instant t) const { return format_instant(t, zone); }
};

/** Reads `path` and has the core validate it. Fails with the core's errors (JSON Pointers into
 *  the program), or one error at "" when the file cannot be read. */
Result<ProgramFile> load_program_file(const std::string& path);

/** The same for a programme's text (a stored version, an upload); `path` names where it came
 *  from in messages. */
Result<ProgramFile> parse_program(std::string text, std::string path);

/** The quoted ETag of a programme's text: the first 20 hex digits of its SHA-256. */
std::string program_etag(std::string_view text);

}  // namespace loyalty::server
