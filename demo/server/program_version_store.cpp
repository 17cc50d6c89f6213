#include "program_version_store.h"

namespace loyalty::server {
namespace {

std::vector<ProgramVersion> read_versions(Connection& c, int64_t after) {
    auto s = c.prepare(
        "SELECT version, text, effective_at, uploaded_at, uploaded_by, source, reason FROM "
        "program_versions WHERE version > ? ORDER BY version");
    s.bind(1, after);
    std::vector<ProgramVersion> out;
    while (s.step()) {
        ProgramVersion v;
        v.number = s.integer(0);
        auto program = parse_program(s.text(1), "version " + std::to_string(v.number));
        if (!program.ok()) {
            const auto& e = program.errors().front();
            throw DbError("programme version " + std::to_string(v.number) +
                          " is refused by this core at " + e.path + ": " + e.message);
        }
        v.program = std::make_shared<const ProgramFile>(std::move(program.value()));
        if (!s.is_null(2)) v.effective_at = s.integer(2);
        v.uploaded_at = s.integer(3);
        v.uploaded_by = s.text(4);
        v.source = s.text(5);
        if (!s.is_null(6)) v.reason = s.text(6);
        out.push_back(std::move(v));
    }
    return out;
}

int64_t max_version(Connection& c) {
    auto s = c.prepare("SELECT MAX(version) FROM program_versions");
    return s.step() && !s.is_null(0) ? s.integer(0) : 0;
}

/** The etag of the newest version the programme file made, if any. */
std::optional<std::string> last_file_etag(Connection& c) {
    auto s = c.prepare(
        "SELECT etag FROM program_versions WHERE source = 'file' ORDER BY version DESC LIMIT 1");
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

}  // namespace

ProgramVersion store_program_version(Connection& c, std::shared_ptr<const ProgramFile> program,
                                     std::optional<Instant> effective_at, Instant uploaded_at,
                                     std::string uploaded_by, std::string source,
                                     std::optional<std::string> reason) {
    ProgramVersion v;
    v.number = max_version(c) + 1;
    v.effective_at = effective_at;
    v.uploaded_at = uploaded_at;
    v.uploaded_by = std::move(uploaded_by);
    v.source = std::move(source);
    v.reason = std::move(reason);
    v.program = std::move(program);
    auto s = c.prepare(
        "INSERT INTO program_versions (version, etag, text, effective_at, uploaded_at, "
        "uploaded_by, source, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, v.number).bind(2, v.program->etag).bind(3, v.program->text);
    if (v.effective_at)
        s.bind(4, *v.effective_at);
    else
        s.bind_null(4);
    s.bind(5, v.uploaded_at).bind(6, v.uploaded_by).bind(7, v.source).bind(8, v.reason);
    s.run();
    return v;
}

void open_program_versions(App& app, Connection& c, Instant now) {
    // Before this, the registry holds only the programme file, as version 0.
    const std::shared_ptr<const ProgramFile> file = app.programs.list().front().program;
    {
        Transaction t(c, {"program_versions"});
        if (max_version(c) == 0) {
            store_program_version(c, file, std::nullopt, now, "program file", "file", std::nullopt);
            // States made before versions were kept were made under the programme of their
            // time; version 1 is the file now, so they are rebuilt under it, as before.
            auto drop = c.prepare("DELETE FROM ledger_states WHERE program_etag <> ?");
            drop.bind(1, file->etag).run();
            auto orders = c.prepare("DELETE FROM ledger_orders WHERE program_etag <> ?");
            orders.bind(1, file->etag).run();
        } else if (last_file_etag(c) != file->etag) {
            store_program_version(c, file, now, now, "program file", "file",
                                  "the programme file " + file->path + " changed");
        }
        t.commit();
    }
    app.programs.add(read_versions(c, 0));
}

void sync_program_versions(App& app, Connection& c) {
    const int64_t known = app.programs.newest();
    if (max_version(c) > known) app.programs.add(read_versions(c, known));
}

}  // namespace loyalty::server
