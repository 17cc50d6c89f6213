#include "program_admin.h"

#include "audit.h"
#include "program_version_store.h"

namespace loyalty::server {
namespace {

/** An upload may say "now" a little before the server's clock (the console's clock, the
 *  network); earlier than this is the past, which would rewrite what was booked. */
constexpr Instant kClockSlack = 60;
constexpr size_t kMaxReasonChars = 500;

/** True when a version after `v` takes effect at or before it: `v` is never in force. */
bool superseded(const ProgramVersion& v, const std::vector<ProgramVersion>& all) {
    for (const auto& w : all) {
        if (w.number > v.number && v.effective_at && w.in_force_at(*v.effective_at)) return true;
    }
    return false;
}

json version_json(const App& app, const ProgramVersion& v, const std::vector<ProgramVersion>& all,
                  Instant now) {
    const ProgramFile& zone_of = app.program();
    std::string status = "past";
    if (superseded(v, all))
        status = "superseded";
    else if (!v.in_force_at(now))
        status = "scheduled";
    else if (app.programs.at(now).number == v.number)
        status = "in_force";
    return {{"version", v.number},
            {"effective_at", v.effective_at ? json(zone_of.iso(*v.effective_at)) : json(nullptr)},
            {"uploaded_at", zone_of.iso(v.uploaded_at)},
            {"uploaded_by", v.uploaded_by},
            {"source", v.source},
            {"reason", v.reason ? json(*v.reason) : json(nullptr)},
            {"etag", v.program->etag},
            {"program_id", v.program->id},
            {"status", status}};
}

size_t utf8_chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
}

}  // namespace

Reply program_versions_reply(App& app) {
    {
        auto conn = app.pool->acquire();
        sync_program_versions(app, *conn);
    }
    const Instant now = app.clock.now();
    const auto all = app.programs.list();
    json versions = json::array();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        versions.push_back(version_json(app, *it, all, now));
    return Reply{200,
                 {{"ok", true},
                  {"now", app.program().iso(now)},
                  {"in_force", app.programs.at(now).number},
                  {"versions", std::move(versions)}},
                 {}};
}

Reply program_version_reply(App& app, std::string_view number) {
    if (number.empty() || number.size() > 9 ||
        number.find_first_not_of("0123456789") != std::string_view::npos) {
        return error_reply(400, "/version", "is not a version number (1, 2, ...)",
                           ErrorCode::bad_format);
    }
    {
        auto conn = app.pool->acquire();
        sync_program_versions(app, *conn);
    }
    const auto v = app.programs.find(std::stoll(std::string(number)));
    if (!v) return error_reply(404, "/version", "no programme version " + std::string(number));
    json program = json::parse(v->program->text, nullptr, false);
    return Reply{200,
                 {{"ok", true},
                  {"version", version_json(app, *v, app.programs.list(), app.clock.now())},
                  {"program", std::move(program)},
                  // The same as stored, members in the owner's order ("program" is re-sorted).
                  {"text", v->program->text}},
                 {}};
}

Reply upload_program_version(App& app, const json& body, const std::string& text,
                             const std::string& actor) {
    if (!body.contains("program") || !body["program"].is_object())
        return error_reply(400, "/program", "send the programme as a JSON object",
                           ErrorCode::wrong_type);
    const json& reason = body.contains("reason") ? body["reason"] : json();
    if (!reason.is_string() ||
        reason.get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
        return error_reply(400, "/reason",
                           "say why the programme changes: it is kept with the version",
                           ErrorCode::required);
    }
    if (utf8_chars(reason.get<std::string>()) > kMaxReasonChars)
        return error_reply(400, "/reason", "is longer than 500 characters", ErrorCode::too_long);

    // The programme's text as the owner wrote it: members in their order (the body passed the
    // request's size and depth limits when it was parsed first).
    const auto ordered = nlohmann::ordered_json::parse(text, nullptr, false);
    auto program = parse_program(ordered.at("program").dump(2) + "\n", "upload");
    if (!program.ok()) {
        Errors errors = program.errors();
        for (auto& e : errors) e.path = "/program" + e.path;
        return error_reply(422, errors);
    }

    const auto gate = app.gate();
    auto conn = app.pool->acquire();
    Transaction transaction(*conn, {"program_versions"});
    sync_program_versions(app, *conn);
    const Instant now = app.clock.now();
    const ProgramVersion in_force = app.programs.at(now);
    const ProgramFile& zone_of = *in_force.program;

    std::optional<Instant> effective_at;
    if (body.contains("effective_at") && !body["effective_at"].is_null()) {
        const json& field = body["effective_at"];
        effective_at = field.is_string() ? parse_instant(field.get<std::string>(), zone_of.zone)
                                         : std::nullopt;
        if (!effective_at) {
            return error_reply(400, "/effective_at",
                               "is not an instant such as " + zone_of.iso(now),
                               ErrorCode::bad_format);
        }
        if (*effective_at < now - kClockSlack) {
            return error_reply(400, "/effective_at",
                               "is " + zone_of.iso(*effective_at) +
                                   ", before the server's clock (" + zone_of.iso(now) +
                                   "): a version cannot take effect in the past, what was booked "
                                   "keeps its programme",
                               ErrorCode::out_of_order);
        }
        *effective_at = std::max(*effective_at, now);
    }
    if (program.value().currency != in_force.program->currency) {
        return error_reply(422, "/program/currency",
                           "is " + program.value().currency +
                               "; the programme in force counts in " + in_force.program->currency +
                               ", and the points already issued are valued in it",
                           ErrorCode::conflict);
    }

    const auto all = app.programs.list();
    const ProgramVersion& newest = all.back();
    if (newest.program->etag == program.value().etag &&
        (!effective_at || newest.effective_at == effective_at)) {
        return Reply{200,
                     {{"ok", true},
                      {"booked", false},
                      {"duplicate", true},
                      {"version", version_json(app, newest, all, now)}},
                     {}};
    }
    ProgramVersion v = store_program_version(
        *conn, std::make_shared<const ProgramFile>(std::move(program.value())),
        effective_at.value_or(now), now, actor, "console", reason.get<std::string>());
    record_action(*conn, now,
                  {actor,
                   "",
                   "program_version",
                   "v" + std::to_string(v.number),
                   reason.get<std::string>(),
                   {{"version", v.number}, {"effective_at", zone_of.iso(*v.effective_at)}}});
    transaction.commit();
    app.programs.add({v});
    const auto updated = app.programs.list();
    return Reply{201,
                 {{"ok", true},
                  {"booked", true},
                  {"duplicate", false},
                  {"version", version_json(app, v, updated, now)}},
                 {}};
}

}  // namespace loyalty::server
