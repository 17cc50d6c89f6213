#include "customer_search.h"

#include <set>
#include <vector>

#include "contacts.h"

namespace loyalty::server {
namespace {

constexpr int64_t kDefaultCustomers = 20;
constexpr int64_t kMaxCustomers = 100;
constexpr size_t kMaxQuery = 200;

// Every search statement returns these columns, read by customer_row:
// id, name, email, phone, created_at, last event's at, the stored ledger state.
#define LOYALTY_CUSTOMER_COLUMNS                                                        \
    "SELECT c.id, c.name, c.email, c.phone, c.created_at, "                             \
    "(SELECT MAX(e.at) FROM events e WHERE e.customer_id = c.id) AS last_at, ls.state " \
    "FROM customers c LEFT JOIN ledger_states ls ON ls.customer_id = c.id "

json customer_row(const App& app, Statement& s) {
    auto text_or_null = [&](int column) {
        return s.is_null(column) ? json(nullptr) : json(s.text(column));
    };
    json row = {{"id", s.text(0)},
                {"name", text_or_null(1)},
                {"email", text_or_null(2)},
                {"phone", text_or_null(3)},
                {"created_at", app.program().iso(s.integer(4))}};
    row["last_event_at"] = s.is_null(5) ? json(nullptr) : json(app.program().iso(s.integer(5)));
    // The balance as of the customer's last booking (the state is derived data: it may be
    // missing for a customer nothing was booked for since schema 2).
    row["balance"] = nullptr;
    if (!s.is_null(6)) {
        const json state = json::parse(s.text(6), nullptr, false);
        if (state.is_object() && state.contains("totals") && state["totals"].is_object() &&
            state["totals"].contains("balance") && state["totals"]["balance"].is_number_integer())
            row["balance"] = state["totals"]["balance"];
    }
    return row;
}

/** Characters (not bytes) of UTF-8 text, as SQL's substr counts them. */
int64_t characters(std::string_view text) {
    int64_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/** `text` with LIKE's wildcards and the escape character escaped (ESCAPE '\'). */
std::string like_escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

/** The digits of `q` when it reads as (part of) a phone number, else "". */
std::string phone_digits(std::string_view q) {
    std::string digits;
    for (size_t i = 0; i < q.size(); ++i) {
        const char c = q[i];
        if (c >= '0' && c <= '9')
            digits.push_back(c);
        else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
                   (c == '+' && digits.empty())))
            return "";
    }
    return digits.size() <= 15 ? digits : "";
}

}  // namespace

Reply search_customers(App& app, const std::optional<std::string>& q_param,
                       const std::optional<std::string>& limit_param) {
    Errors errors;
    int64_t limit = kDefaultCustomers;
    if (limit_param) {
        const std::string& v = *limit_param;
        if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos ||
            std::stoll(v) < 1 || std::stoll(v) > kMaxCustomers)
            errors.push_back(
                {"/limit", "expected a whole number from 1 to 100", ErrorCode::out_of_range});
        else
            limit = std::stoll(v);
    }
    const std::string q = q_param.value_or("");
    if (q.size() > kMaxQuery)
        errors.push_back({"/q",
                          "is " + std::to_string(q.size()) + " bytes; at most 200 are searched",
                          ErrorCode::too_long});
    else if (!printable_utf8(q))
        errors.push_back({"/q", "expected printable UTF-8 text: an id, e-mail, phone or name",
                          ErrorCode::bad_format});
    if (!errors.empty()) return error_reply(400, errors);

    json customers = json::array();
    auto conn = app.pool->acquire();
    if (q.empty()) {
        auto s = conn->prepare(
            LOYALTY_CUSTOMER_COLUMNS
            "ORDER BY COALESCE((SELECT MAX(e.at) FROM events e WHERE e.customer_id = c.id), "
            "c.created_at) DESC, c.id LIMIT ?");
        s.bind(1, limit);
        while (s.step()) customers.push_back(customer_row(app, s));
        return Reply{200, {{"ok", true}, {"customers", std::move(customers)}}, {}};
    }

    const std::string folded = fold_case(q);
    const std::string digits = phone_digits(q);
    // Exact matches first; the phone as stored is "+" and its digits.
    const std::string exact_phone = digits.size() >= 7 ? "+" + digits : "";
    std::set<std::string> seen;
    {
        auto s =
            conn->prepare(LOYALTY_CUSTOMER_COLUMNS
                          "WHERE c.id = ? OR c.email = ? OR c.phone = ? ORDER BY c.id LIMIT ?");
        s.bind(1, q).bind(2, folded).bind(3, exact_phone).bind(4, limit);
        while (s.step()) {
            json row = customer_row(app, s);
            seen.insert(row["id"].get<std::string>());
            customers.push_back(std::move(row));
        }
    }
    if (int64_t(customers.size()) < limit) {
        // Then prefixes of the id and the e-mail, a phone's last 4+ digits, the name's substrings:
        // those ranks in that order, the most recently active first within each.
        const int64_t n = characters(q), nf = characters(folded);
        std::string phone_tail;
        if (digits.size() >= 4) phone_tail.append("%").append(digits);
        std::string name_part("%");
        name_part.append(like_escaped(folded)).append("%");
        auto s = conn->prepare(
            LOYALTY_CUSTOMER_COLUMNS
            "WHERE substr(c.id, 1, ?) = ? OR substr(c.email, 1, ?) = ? "
            "OR (? <> '' AND c.phone LIKE ?) OR c.name_key LIKE ? ESCAPE '\\' "
            "ORDER BY CASE WHEN substr(c.id, 1, ?) = ? OR substr(c.email, 1, ?) = ? THEN 0 "
            "WHEN ? <> '' AND c.phone LIKE ? THEN 1 ELSE 2 END, "
            "COALESCE((SELECT MAX(e.at) FROM events e WHERE e.customer_id = c.id), c.created_at) "
            "DESC, c.id LIMIT ?");
        s.bind(1, n).bind(2, q).bind(3, nf).bind(4, folded).bind(5, phone_tail).bind(6, phone_tail);
        s.bind(7, name_part);
        s.bind(8, n)
            .bind(9, q)
            .bind(10, nf)
            .bind(11, folded)
            .bind(12, phone_tail)
            .bind(13, phone_tail);
        s.bind(14, limit + int64_t(seen.size()));
        while (s.step() && int64_t(customers.size()) < limit) {
            json row = customer_row(app, s);
            if (seen.insert(row["id"].get<std::string>()).second)
                customers.push_back(std::move(row));
        }
    }
    return Reply{200, {{"ok", true}, {"customers", std::move(customers)}}, {}};
}

json contact_json(const App& app, Connection& c, std::string_view customer_id) {
    json out = {{"email", nullptr}, {"phone", nullptr}, {"created_at", nullptr}};
    auto s = c.prepare("SELECT email, phone, created_at FROM customers WHERE id = ?");
    s.bind(1, customer_id);
    if (!s.step()) return out;
    if (!s.is_null(0)) out["email"] = s.text(0);
    if (!s.is_null(1)) out["phone"] = s.text(1);
    out["created_at"] = app.program().iso(s.integer(2));
    return out;
}

}  // namespace loyalty::server
