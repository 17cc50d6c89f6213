#include "numbers.h"

#include <algorithm>

#include "core_calls.h"
#include "ledger_store.h"
#include "loyalty/numbers.h"

namespace loyalty::server {
namespace {

// A batch ends at this many customers or once its documents (counted as JSON text) pass this
// many bytes, so one call never holds more than a bounded slice of the store.
constexpr int kBatchCustomers = 200;
constexpr size_t kBatchBytes = 2u << 20;
constexpr size_t kRefusalsShown = 20;
constexpr int kMaxMonths = 120;

std::optional<Month> read_month(const std::optional<std::string>& text, const char* path,
                                Errors& errors) {
    if (!text) return std::nullopt;
    auto m = text->size() <= 16 ? parse_month(*text) : std::nullopt;
    if (!m)
        errors.push_back(
            {path, "expected a month \"YYYY-MM\" (years 1900-2999)", ErrorCode::bad_format});
    return m;
}

}  // namespace

Reply numbers_reply(App& app, const std::optional<std::string>& from_text,
                    const std::optional<std::string>& to_text) {
    const Instant now = app.clock.now();
    // Months, zone and point value are the version in force now's; each event is counted under
    // the version that booked it.
    const ProgramFile& program = app.programs.program_at(now);
    int year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(day_of(now, program.zone), year, month, day);
    const Month current{year, month};

    Errors errors;
    auto from = read_month(from_text, "/from", errors);
    auto to = read_month(to_text, "/to", errors);
    if (!errors.empty()) return error_reply(400, errors);
    if (!to) to = current;
    if (!from) from = add_months(*to, -11);
    const int count = months_between(*from, *to);
    if (months_between(*to, current) < 1)
        errors.push_back({"/to",
                          "is after the current month (" + format_month(current) +
                              "); its figures do not exist yet",
                          ErrorCode::out_of_order});
    if (count < 1)
        errors.push_back(
            {"/to", "is before \"from\" (" + format_month(*from) + ")", ErrorCode::out_of_order});
    else if (count > kMaxMonths)
        errors.push_back({"/to",
                          "makes a range of " + std::to_string(count) + " months; at most " +
                              std::to_string(kMaxMonths) + " are reported at once",
                          ErrorCode::out_of_range});
    if (!errors.empty()) return error_reply(400, errors);

    json answer;
    json carry;  // the sum so far, as the core answered it
    json refusals = json::array();
    int64_t refused_here = 0;  // refused by the server itself (too many versions for one call)
    std::string after;
    bool more = true;
    while (more) {
        json customers = json::array();
        std::vector<const ProgramFile*> earlier;  // the versions other than `program` it names
        size_t bytes = 0;
        {
            auto conn = app.pool->acquire();
            std::vector<std::string> ids;
            {
                auto s = conn->prepare("SELECT id FROM customers WHERE id > ? ORDER BY id LIMIT ?");
                s.bind(1, after).bind(2, int64_t(kBatchCustomers));
                while (s.step()) ids.push_back(s.text(0));
            }
            more = int(ids.size()) == kBatchCustomers;
            for (const auto& id : ids) {
                const StoredCustomer stored = load_customer(*conn, id);
                // Each event counts under the version that booked it, as the ledger did.
                std::vector<const ProgramFile*> versions;  // per event
                std::vector<const ProgramFile*> added;     // the ones `earlier` lacks
                for (size_t k = 0; k < stored.events.size(); ++k) {
                    const ProgramFile* p = &app.programs.booked(stored.versions[k], stored.ats[k]);
                    versions.push_back(p);
                    if (p != &program &&
                        std::find(earlier.begin(), earlier.end(), p) == earlier.end() &&
                        std::find(added.begin(), added.end(), p) == added.end())
                        added.push_back(p);
                }
                if (earlier.size() + added.size() > kMaxNumbersPrograms) {
                    if (!customers.empty()) {  // the next batch starts with this customer
                        more = true;
                        break;
                    }
                    // Alone over the core's limit: reported as refused, never a failed report.
                    // (`earlier` is empty here: `added` is all of the customer's versions but
                    // the one in force.)
                    ++refused_here;
                    if (refusals.size() < kRefusalsShown)
                        refusals.push_back(
                            {{"index", nullptr},
                             {"customer_id", id},
                             {"errors",
                              {{{"path", ""},
                                {"message",
                                 "their events were booked under " + std::to_string(added.size()) +
                                     " programme versions besides the one in force; the "
                                     "figures take at most " +
                                     std::to_string(kMaxNumbersPrograms) + " in one call"},
                                {"code", "too_many"}}}}});
                    after = id;
                    continue;
                }
                earlier.insert(earlier.end(), added.begin(), added.end());
                json booked_by = json::array();
                for (const ProgramFile* p : versions) {
                    booked_by.push_back(p == &program
                                            ? 0
                                            : std::find(earlier.begin(), earlier.end(), p) -
                                                  earlier.begin() + 1);
                }
                json doc = stored.document();
                doc["booked_by"] = std::move(booked_by);
                bytes += doc.dump().size();
                customers.push_back(std::move(doc));
                after = id;
                if (bytes >= kBatchBytes) {
                    more = true;
                    break;
                }
            }
        }
        if (customers.empty() && !carry.is_null()) {
            if (more) continue;  // every customer of this batch was refused above
            break;
        }
        answer = core_numbers(program, earlier, customers, *from, *to, now, carry);
        if (!core_ok(answer)) {
            Errors why = core_errors(answer);
            for (auto& e : why) {
                e.message = "the core refused the figures: " + e.message;
                e.code = ErrorCode::internal;
            }
            return error_reply(500, why);
        }
        for (auto& r : answer["refused_customers"]) {
            if (refusals.size() < kRefusalsShown) refusals.push_back(std::move(r));
        }
        carry = {{"customers", answer["customers"]},
                 {"refused", answer["refused"]},
                 {"months", answer["months"]}};
    }
    answer["refused"] = answer["refused"].get<int64_t>() + refused_here;
    answer["refused_customers"] = std::move(refusals);
    return Reply{200, std::move(answer), {}};
}

}  // namespace loyalty::server
