// numbers: {program, now, from, to, customers, programs?, carry?, per_customer?} -> the programme's
// figures by month summed over the customers (plus a carried sum from earlier batches), with the
// liability at each month's end. The server calls it batch by batch, sending each answer back as
// the carry, and names per event the programme version that booked it ("programs", "booked_by").
#include <algorithm>

#include "customer_json.h"
#include "loyalty/api.h"
#include "loyalty/checked.h"
#include "loyalty/engine_json.h"
#include "loyalty/numbers.h"
#include "operation.h"
#include "program_json.h"
#include "request_common.h"

namespace loyalty {
namespace {

constexpr int kMaxMonths = 120;
constexpr size_t kMaxCustomers = 1000;
constexpr size_t kMaxRefusalsShown = 20;

std::optional<Month> read_month(JsonReader& r, const json& doc, std::string_view key) {
    auto text = r.string(doc, "", key, true, 16);
    if (!text) return std::nullopt;
    auto m = parse_month(*text);
    if (!m)
        r.fail(child_path("", key), "expected a month \"YYYY-MM\" (years 1900-2999)",
               ErrorCode::bad_format);
    return m;
}

json figures_json(const MonthFigures& f) {
    json out = json::object();
    put(out, "issued", f.issued);
    put(out, "redeemed", f.redeemed);
    put(out, "expired", f.expired);
    put(out, "clawed_back", f.clawed_back);
    put(out, "adjusted", f.adjusted);
    put(out, "balance", f.balance);
    put(out, "active", f.active);
    return out;
}

struct Carry {
    int64_t customers = 0;
    int64_t refused = 0;
    std::vector<MonthFigures> months;
};

/** Reads a carry: the "customers", "refused" and "months" of an earlier answer over the same
 *  range (each month's "liability", "start" and "end" are recomputed, so they are ignored). */
void read_carry(JsonReader& r, const json& doc, Month first, int count, Carry& out) {
    const std::string path = "/carry";
    r.reject_unknown(doc, path, {"customers", "refused", "months"});
    if (auto n = r.integer(doc, path, "customers", true, 0, INT64_MAX)) out.customers = *n;
    if (auto n = r.integer(doc, path, "refused", true, 0, INT64_MAX)) out.refused = *n;
    const json* months = r.member(doc, path, "months", true);
    if (!months) return;
    const std::string mpath = path + "/months";
    if (!r.expect_array(*months, mpath, size_t(kMaxMonths))) return;
    if (months->size() != size_t(count)) {
        r.fail(mpath,
               "has " + std::to_string(months->size()) + " months; the range has " +
                   std::to_string(count),
               ErrorCode::conflict);
        return;
    }
    for (size_t i = 0; i < months->size(); ++i) {
        const json& m = (*months)[i];
        const std::string ipath = child_path(mpath, i);
        if (!r.expect_object(m, ipath)) continue;
        r.reject_unknown(m, ipath,
                         {"month", "start", "end", "issued", "redeemed", "expired", "clawed_back",
                          "adjusted", "balance", "liability", "active"});
        const std::string want = format_month(add_months(first, int(i)));
        if (auto label = r.string(m, ipath, "month", true, 16); label && *label != want)
            r.fail(child_path(ipath, "month"), "expected \"" + want + "\", the range's month here",
                   ErrorCode::conflict);
        MonthFigures f;
        auto whole = [&](std::string_view key, int64_t min, int64_t& into) {
            if (auto v = r.integer(m, ipath, key, true, min, INT64_MAX)) into = *v;
        };
        whole("issued", INT64_MIN, f.issued);
        whole("redeemed", INT64_MIN, f.redeemed);
        whole("expired", 0, f.expired);
        whole("clawed_back", 0, f.clawed_back);
        whole("adjusted", INT64_MIN, f.adjusted);
        whole("balance", INT64_MIN, f.balance);
        whole("active", 0, f.active);
        out.months.push_back(f);
    }
}

/** Reads a customer's optional "booked_by" (one index per event: 0 is "program", n is
 *  "programs"[n - 1]) into programme pointers, and returns the customer without it. */
json take_booked_by(const json& c, const Program& program,
                    const std::vector<const Program*>& programs, std::vector<const Program*>& out,
                    Errors& why) {
    out.clear();
    if (!c.is_object() || !c.contains("booked_by")) return c;
    json rest = c;
    const json list = std::move(rest["booked_by"]);
    rest.erase("booked_by");
    if (!list.is_array()) {
        why.push_back({"/booked_by", "expected an array of programme numbers, one per event",
                       ErrorCode::wrong_type});
        return rest;
    }
    for (size_t k = 0; k < list.size(); ++k) {
        const json& n = list[k];
        // A tree built in C++ (numbers_document's callers) holds 0 as a signed integer.
        const bool index =
            n.is_number_unsigned() || (n.is_number_integer() && n.get<int64_t>() >= 0);
        if (!index || n.get<uint64_t>() > programs.size()) {
            why.push_back({child_path("/booked_by", k),
                           "expected 0 (\"program\") to " + std::to_string(programs.size()) +
                               " (an index into \"programs\", from 1)",
                           ErrorCode::out_of_range});
            return rest;
        }
        const uint64_t i = n.get<uint64_t>();
        out.push_back(i == 0 ? &program : programs[size_t(i - 1)]);
    }
    return rest;
}

/** What a numbers request holds once read: the programme and its zone, the earlier versions,
 *  the range, the customers and the carry. Pointers stay owned by the caller. */
struct NumbersInput {
    const Program* program = nullptr;  // null when it was refused (errors say why)
    std::optional<Instant> now;
    Zone zone;
    std::vector<const Program*> programs;
    std::optional<Month> from, to;
    bool per_customer = false;
    const json* customers = nullptr;  // null when missing (required)
    const json* carry = nullptr;      // null: none
};

/** The months from `in.from` to `in.to` (both read), or 0; records why the range is refused:
 *  reversed, too long, or ending in a month that starts after `now`. */
int range_months(JsonReader& r, const NumbersInput& in) {
    if (!in.from || !in.to) return 0;
    const int count = months_between(*in.from, *in.to);
    if (count < 1) {
        r.fail("/to", "is before \"from\" (" + format_month(*in.from) + ")",
               ErrorCode::out_of_order);
        return 0;
    }
    if (count > kMaxMonths) {
        r.fail("/to",
               "makes a range of " + std::to_string(count) + " months; at most " +
                   std::to_string(kMaxMonths) + " are reported at once",
               ErrorCode::out_of_range);
        return 0;
    }
    if (in.program && in.now) {
        const Month last = add_months(*in.from, count - 1);
        if (month_start(last, in.zone) > *in.now)
            r.fail("/to",
                   "the month " + format_month(last) + " starts after \"now\" (" +
                       format_instant(*in.now, in.zone) + "); its figures do not exist yet",
                   ErrorCode::out_of_order);
    }
    return count;
}

/** The numbers answer for `in` over `count` months (range_months: 0 when refused); `errors`
 *  holds what reading and the range checks found, and the remaining checks add to it. */
json numbers_answer(const NumbersInput& in, int count, Errors errors) {
    JsonReader r(errors);
    const Program* program = in.program;
    const auto& now = in.now;
    const Zone zone = in.zone;
    const auto& programs = in.programs;
    const auto& from = in.from;
    const bool per_customer = in.per_customer;
    const json* customers = in.customers;
    if (customers) r.expect_array(*customers, "/customers", kMaxCustomers);
    Carry carry;
    if (const json* c = in.carry) {
        if (r.expect_object(*c, "/carry") && from && count >= 1)
            read_carry(r, *c, *from, count, carry);
    }
    if (!errors.empty()) return errors_document(errors);
    if (carry.months.empty()) carry.months.resize(size_t(count));

    std::vector<MonthFigures> sums = std::move(carry.months);
    int64_t counted = carry.customers, refused = carry.refused;
    json refusals = json::array();
    json rows = json::array();
    for (size_t i = 0; i < customers->size(); ++i) {
        const std::string cpath = child_path("/customers", i);
        const json& c = (*customers)[i];
        auto refuse = [&](Errors why) {
            for (auto& e : why) e.path = cpath + e.path;
            ++refused;
            if (refusals.size() >= kMaxRefusalsShown) return;
            json row = json::object();
            put(row, "index", i);
            put(row, "customer_id",
                c.is_object() && c.contains("id") && c["id"].is_string() ? c["id"] : json(nullptr));
            put(row, "errors", errors_document(why)["errors"]);
            refusals.push_back(std::move(row));
        };
        std::vector<const Program*> booked_by;
        Errors why;
        const json plain = take_booked_by(c, *program, programs, booked_by, why);
        if (!why.empty()) {
            refuse(why);
            continue;
        }
        auto parsed = parse_customer_json(plain, "", zone);
        if (!parsed.ok()) {
            refuse(parsed.errors());
            continue;
        }
        auto months = customer_months(*program, parsed.value(), *from, count, *now, booked_by);
        if (!months.ok()) {
            refuse(months.errors());
            continue;
        }
        // A customer's figures stay far below the 64-bit range; their sum may not.
        if (auto added = add_month_figures(sums, months.value()); !added.ok()) {
            return errors_document({{cpath,
                                     "adding this customer's figures to the sum leaves the 64-bit "
                                     "integer range; the sum is refused, not wrapped",
                                     ErrorCode::out_of_range}});
        }
        ++counted;
        if (per_customer) {
            json row = json::object();
            put(row, "customer_id", parsed.value().id);
            json list = json::array();
            for (int m = 0; m < count; ++m) {
                json f = figures_json(months.value()[size_t(m)]);
                put(f, "month", format_month(add_months(*from, m)));
                list.push_back(std::move(f));
            }
            put(row, "months", std::move(list));
            rows.push_back(std::move(row));
        }
    }

    const int64_t value = program->redemption.point_value;
    auto liability_of = [&](int64_t balance, const std::string& path) -> std::optional<int64_t> {
        auto v = checked_mul(balance, value);
        if (!v)
            errors.push_back({path,
                              "the liability (balance x point value) leaves the 64-bit "
                              "integer range",
                              ErrorCode::out_of_range});
        return v;
    };
    json months = json::array();
    MonthFigures total;
    for (int m = 0; m < count; ++m) {
        const MonthFigures& f = sums[size_t(m)];
        const Month month = add_months(*from, m);
        json row = figures_json(f);
        put(row, "month", format_month(month));
        put(row, "start", format_instant(month_start(month, zone), zone));
        put(row, "end", format_instant(month_start(add_months(month, 1), zone), zone));
        if (auto l = liability_of(f.balance, "/customers")) put(row, "liability", *l);
        months.push_back(std::move(row));
        for (auto [into, add] : {std::pair<int64_t*, int64_t>{&total.issued, f.issued},
                                 std::pair<int64_t*, int64_t>{&total.redeemed, f.redeemed},
                                 std::pair<int64_t*, int64_t>{&total.expired, f.expired},
                                 std::pair<int64_t*, int64_t>{&total.clawed_back, f.clawed_back},
                                 std::pair<int64_t*, int64_t>{&total.adjusted, f.adjusted}}) {
            auto sum = checked_add(*into, add);
            if (!sum) {
                errors.push_back({"/customers",
                                  "a total over the months leaves the 64-bit "
                                  "integer range; refused, not wrapped",
                                  ErrorCode::out_of_range});
                break;
            }
            *into = *sum;
        }
    }
    total.balance = sums.back().balance;
    total.active = sums.back().active;
    json totals = figures_json(total);
    if (auto l = liability_of(total.balance, "/customers")) put(totals, "liability", *l);
    if (!errors.empty()) return errors_document(errors);

    json out = json::object();
    put(out, "ok", true);
    put(out, "from", format_month(*from));
    put(out, "to", format_month(add_months(*from, count - 1)));
    put(out, "now", format_instant(*now, zone));
    put(out, "currency", std::string(program->currency.code));
    put(out, "point_value", value);
    put(out, "active_days", kActiveDays);
    put(out, "customers", counted);
    put(out, "refused", refused);
    put(out, "refused_customers", std::move(refusals));
    put(out, "months", std::move(months));
    put(out, "totals", std::move(totals));
    if (per_customer) put(out, "per_customer", std::move(rows));
    return out;
}

}  // namespace

std::string numbers_json(std::string_view request) {
    return run_json_operation(request, kMaxRequestBytes, [](const json& doc) -> json {
        Errors errors;
        JsonReader r(errors);
        r.reject_unknown(
            doc, "",
            {"program", "now", "from", "to", "customers", "programs", "carry", "per_customer"});
        auto [program, now, zone] = read_program_and_now(doc, errors);
        // Earlier programme versions: parsed here, then used by pointer.
        std::vector<Program> programs;
        if (const json* list = r.member(doc, "", "programs", false);
            list && r.expect_array(*list, "/programs", kMaxNumbersPrograms)) {
            programs.reserve(list->size());
            for (size_t i = 0; i < list->size(); ++i) {
                auto p = parse_program_json((*list)[i], child_path("/programs", i));
                if (p.ok())
                    programs.push_back(std::move(p.value()));
                else
                    errors.insert(errors.end(), p.errors().begin(), p.errors().end());
            }
        }
        NumbersInput in;
        in.program = program ? &*program : nullptr;
        in.now = now;
        in.zone = zone;
        for (const Program& p : programs) in.programs.push_back(&p);
        in.from = read_month(r, doc, "from");
        in.to = read_month(r, doc, "to");
        const int count = range_months(r, in);
        in.per_customer = r.boolean(doc, "", "per_customer", false).value_or(false);
        in.customers = r.member(doc, "", "customers", true);
        in.carry = r.member(doc, "", "carry", false);
        return numbers_answer(in, count, std::move(errors));
    });
}

json numbers_document(const Program& program, const std::vector<const Program*>& programs,
                      const json& customers, Month from, Month to, Instant now, const json& carry,
                      bool per_customer) {
    if (programs.size() > kMaxNumbersPrograms) {
        return errors_document({{"/programs",
                                 "has " + std::to_string(programs.size()) + " items; at most " +
                                     std::to_string(kMaxNumbersPrograms) + " are accepted",
                                 ErrorCode::too_many}});
    }
    Errors errors;
    JsonReader r(errors);
    for (size_t i = 0; i < programs.size(); ++i)
        if (!programs[i])
            r.fail(child_path("/programs", i), "is null; expected a programme",
                   ErrorCode::required);
    // Months as read from text: what parse_month accepts.
    for (const auto& [month, key] : {std::pair{from, "/from"}, std::pair{to, "/to"}})
        if (month.year < 1900 || month.year > 2999 || month.month < 1 || month.month > 12)
            r.fail(key, "expected a month of the years 1900-2999", ErrorCode::out_of_range);
    if (!errors.empty()) return errors_document(errors);
    NumbersInput in;
    in.program = &program;
    in.now = now;
    in.zone = program.zone;
    in.programs = programs;
    in.from = from;
    in.to = to;
    in.per_customer = per_customer;
    in.customers = &customers;
    in.carry = carry.is_null() ? nullptr : &carry;
    const int count = range_months(r, in);
    return numbers_answer(in, count, std::move(errors));
}

}  // namespace loyalty
