#include "ledger_state_json.h"

#include "ledger_state_check.h"
#include "loyalty/checked.h"

namespace loyalty {
namespace {

constexpr size_t kMaxStateItems = 1'000'000;
// Handles and indices count events; anything beyond this could not come from a real ledger.
constexpr int64_t kMaxCount = int64_t(1) << 53;

std::string int128_text(__int128 v) {
    if (v == 0) return "0";
    const bool negative = v < 0;
    std::string digits;
    while (v != 0) {
        const int d = int(v % 10);
        digits.insert(digits.begin(), char('0' + (d < 0 ? -d : d)));
        v /= 10;
    }
    return negative ? "-" + digits : digits;
}

// "n" or "n/d" with at most 36 digits each: exact, and bounded as check_ledger_state wants.
std::optional<Fraction> parse_fraction_text(std::string_view text) {
    auto whole = [](std::string_view s, bool allow_sign) -> std::optional<__int128> {
        bool negative = false;
        if (allow_sign && !s.empty() && s[0] == '-') {
            negative = true;
            s.remove_prefix(1);
        }
        if (s.empty() || s.size() > 36) return std::nullopt;
        __int128 v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    };
    const size_t slash = text.find('/');
    auto num = whole(text.substr(0, slash), true);
    if (!num) return std::nullopt;
    if (slash == std::string_view::npos) return Fraction{*num, 1};
    auto den = whole(text.substr(slash + 1), false);
    if (!den || *den == 0) return std::nullopt;
    return Fraction{*num, *den};
}

json optional_instant(const std::optional<Instant>& t, Zone zone) {
    return t ? json(format_instant(*t, zone)) : json(nullptr);
}

json history_entry_json(const HistoryEntry& h, Zone zone) {
    json why = json::array();
    for (const auto& l : h.explanation) {
        json item = {{"kind", l.kind}, {"points", fraction_text(l.points)}};
        if (!l.label.empty()) put(item, "label", l.label);
        if (!l.category.empty()) put(item, "category", l.category);
        if (l.amount) put(item, "amount", *l.amount);
        if (l.factor) put(item, "factor", format_ratio(*l.factor));
        if (!l.rule.empty()) put(item, "rule", l.rule);
        why.push_back(std::move(item));
    }
    json out = {{"at", format_instant(h.at, zone)},
                {"type", h.type},
                {"points", h.points},
                {"balance", h.balance},
                {"explanation", std::move(why)}};
    if (!h.id.empty()) put(out, "id", h.id);
    if (h.uncollected) put(out, "uncollected", h.uncollected);
    if (!h.reason.empty()) put(out, "reason", h.reason);
    return out;
}

json order_json(const OrderRecord& o) {
    return {{"subtotal", o.subtotal},
            {"paid", o.paid},
            {"earned", o.earned},
            {"points_redeemed", o.points_redeemed},
            {"refunded", o.refunded},
            {"clawed_back", o.clawed_back},
            {"returned", o.returned},
            {"paid_refunded", o.paid_refunded},
            {"lot", o.lot ? json(*o.lot) : json(nullptr)},
            {"tier_entry", o.tier_entry ? json(*o.tier_entry) : json(nullptr)}};
}

/** Reads the members of a state document one by one, with errors at their paths. */
class StateReader {
  public:
    StateReader(JsonReader& r, Zone zone) : r_(r), zone_(zone) {}

    void read(const json& doc, const std::string& path, LedgerState& s) {
        r_.reject_unknown(
            doc, path,
            {"version", "last_at", "as_of", "active_at", "signed_up", "totals", "lots", "lot_count",
             "tier_window", "tier_floor", "history", "history_total", "orders"});
        if (auto v = r_.integer(doc, path, "version", true, 0, 1'000'000);
            v && *v != kLedgerStateVersion)
            r_.fail(child_path(path, "version"),
                    "is " + std::to_string(*v) + "; this core reads version " +
                        std::to_string(kLedgerStateVersion) + " (replay the events instead)",
                    ErrorCode::not_allowed);
        s.last_at = r_.instant(doc, path, "last_at", false, zone_);
        s.as_of = r_.instant(doc, path, "as_of", false, zone_);
        s.active_at = r_.instant(doc, path, "active_at", false, zone_);
        s.signed_up = r_.boolean(doc, path, "signed_up", false).value_or(false);
        if (auto v = r_.integer(doc, path, "lot_count", true, 0, kMaxCount))
            s.lot_count = uint64_t(*v);
        if (auto v = r_.integer(doc, path, "history_total", true, 0, kMaxCount))
            s.totals.history_total = uint64_t(*v);
        if (const json* t = r_.member(doc, path, "totals", true))
            totals(*t, child_path(path, "totals"), s.totals);
        each(doc, path, "lots", [&](const json& item, const std::string& ipath) {
            s.lots.push_back(lot(item, ipath));
        });
        if (const json* w = r_.member(doc, path, "tier_window", true))
            tier_window(*w, child_path(path, "tier_window"), s);
        if (const json* f = r_.member(doc, path, "tier_floor", false)) {
            const std::string fpath = child_path(path, "tier_floor");
            if (r_.expect_object(*f, fpath)) {
                r_.reject_unknown(*f, fpath, {"tier_id", "until"});
                s.tier_floor = r_.string(*f, fpath, "tier_id", true, 64).value_or("");
                s.tier_floor_until = r_.instant(*f, fpath, "until", false, zone_);
            }
        }
        each(
            doc, path, "history",
            [&](const json& item, const std::string& ipath) {
                s.totals.history.push_back(history_entry(item, ipath));
            },
            kMaxStateHistory);
        if (const json* o = r_.member(doc, path, "orders", false))
            orders(*o, child_path(path, "orders"), s);
    }

    OrderRecord order_record(const json& item, const std::string& ipath) {
        r_.reject_unknown(item, ipath,
                          {"subtotal", "paid", "earned", "points_redeemed", "refunded",
                           "clawed_back", "returned", "paid_refunded", "lot", "tier_entry"});
        OrderRecord o;
        o.subtotal = count(item, ipath, "subtotal");
        o.paid = count(item, ipath, "paid");
        o.earned = count(item, ipath, "earned");
        o.points_redeemed = count(item, ipath, "points_redeemed");
        o.refunded = count(item, ipath, "refunded");
        o.clawed_back = count(item, ipath, "clawed_back");
        o.returned = count(item, ipath, "returned");
        o.paid_refunded = count(item, ipath, "paid_refunded");
        if (auto v = r_.integer(item, ipath, "lot", false, 0, kMaxCount)) o.lot = uint64_t(*v);
        if (auto v = r_.integer(item, ipath, "tier_entry", false, 0, kMaxCount))
            o.tier_entry = uint64_t(*v);
        return o;
    }

  private:
    template <class Fn>
    void each(const json& doc, const std::string& path, std::string_view key, Fn&& fn,
              size_t max_items = kMaxStateItems) {
        const json* list = r_.member(doc, path, key, false);
        if (!list) return;
        const std::string lpath = child_path(path, key);
        if (!r_.expect_array(*list, lpath, max_items)) return;
        for (size_t i = 0; i < list->size() && r_.error_count() <= 100; ++i) {
            const std::string ipath = child_path(lpath, i);
            if (r_.expect_object((*list)[i], ipath)) fn((*list)[i], ipath);
        }
    }

    int64_t count(const json& doc, const std::string& path, std::string_view key,
                  bool required = true) {
        return r_.integer(doc, path, key, required, 0, kMaxCounter).value_or(0);
    }

    void totals(const json& doc, const std::string& path, Status& t) {
        if (!r_.expect_object(doc, path)) return;
        r_.reject_unknown(doc, path,
                          {"balance", "earned", "redeemed", "expired", "clawed_back", "adjusted",
                           "uncollected", "purchases"});
        t.balance = count(doc, path, "balance");
        t.earned = count(doc, path, "earned");
        t.redeemed = count(doc, path, "redeemed");
        t.expired = count(doc, path, "expired");
        t.clawed_back = count(doc, path, "clawed_back");
        t.adjusted = r_.integer(doc, path, "adjusted", true, -kMaxCounter, kMaxCounter).value_or(0);
        t.uncollected = count(doc, path, "uncollected");
        t.purchases = count(doc, path, "purchases");
    }

    Lot lot(const json& doc, const std::string& path) {
        r_.reject_unknown(
            doc, path, {"index", "earned_at", "expires_at", "points", "source", "never_expires"});
        Lot lot;
        lot.index = uint64_t(r_.integer(doc, path, "index", true, 0, kMaxCount).value_or(0));
        lot.earned_at = r_.instant(doc, path, "earned_at", true, zone_).value_or(0);
        lot.expires_at = r_.instant(doc, path, "expires_at", false, zone_);
        lot.points = r_.integer(doc, path, "points", true, 1, kMaxCounter).value_or(0);
        lot.source = r_.string(doc, path, "source", false, 200).value_or("");
        lot.lasting = r_.boolean(doc, path, "never_expires", false).value_or(false);
        return lot;
    }

    void tier_window(const json& doc, const std::string& path, LedgerState& s) {
        if (!r_.expect_object(doc, path)) return;
        r_.reject_unknown(doc, path, {"count", "sum", "entries"});
        s.tier_count = uint64_t(r_.integer(doc, path, "count", true, 0, kMaxCount).value_or(0));
        s.tier_sum = count(doc, path, "sum");
        each(doc, path, "entries", [&](const json& item, const std::string& ipath) {
            r_.reject_unknown(item, ipath, {"handle", "at", "amount"});
            TierEntry e;
            e.handle = uint64_t(r_.integer(item, ipath, "handle", true, 0, kMaxCount).value_or(0));
            e.at = r_.instant(item, ipath, "at", true, zone_).value_or(0);
            e.amount = count(item, ipath, "amount");
            s.tier_entries.push_back(e);
        });
    }

    HistoryEntry history_entry(const json& doc, const std::string& path) {
        r_.reject_unknown(
            doc, path,
            {"at", "type", "id", "points", "balance", "uncollected", "reason", "explanation"});
        HistoryEntry h;
        h.at = r_.instant(doc, path, "at", true, zone_).value_or(0);
        h.type = r_.string(doc, path, "type", true, 20).value_or("");
        h.id = r_.string(doc, path, "id", false, 200).value_or("");
        h.points = r_.integer(doc, path, "points", true, -kMaxCounter, kMaxCounter).value_or(0);
        h.balance = count(doc, path, "balance");
        h.uncollected = count(doc, path, "uncollected", false);
        h.reason = r_.string(doc, path, "reason", false, 500).value_or("");
        each(
            doc, path, "explanation",
            [&](const json& item, const std::string& ipath) {
                h.explanation.push_back(explanation_line(item, ipath));
            },
            10'000);
        return h;
    }

    ExplanationLine explanation_line(const json& doc, const std::string& path) {
        r_.reject_unknown(doc, path,
                          {"kind", "label", "category", "amount", "factor", "points", "rule"});
        ExplanationLine l;
        l.kind = r_.string(doc, path, "kind", true, 40).value_or("");
        l.label = r_.string(doc, path, "label", false, 200).value_or("");
        l.category = r_.string(doc, path, "category", false, 200).value_or("");
        l.rule = r_.string(doc, path, "rule", false, 64).value_or("");
        l.amount = r_.integer(doc, path, "amount", false, -kMaxCounter, kMaxCounter);
        l.factor = r_.ratio(doc, path, "factor", false, Ratio::zero(), Ratio{kMaxAmount});
        if (auto text = r_.string(doc, path, "points", true, 80)) {
            if (auto f = parse_fraction_text(*text))
                l.points = *f;
            else
                r_.fail(child_path(path, "points"),
                        "expected exact points as \"n\" or \"n/d\" (at most 36 digits each)",
                        ErrorCode::bad_format);
        }
        return l;
    }

    void orders(const json& doc, const std::string& path, LedgerState& s) {
        if (!r_.expect_object(doc, path)) return;
        if (doc.size() > kMaxStateItems) {
            r_.fail(path, "has more than " + std::to_string(kMaxStateItems) + " orders",
                    ErrorCode::too_many);
            return;
        }
        for (const auto& [id, item] : doc.items()) {
            const std::string ipath = child_path(path, id);
            if (!r_.expect_object(item, ipath)) continue;
            OrderRecord o = order_record(item, ipath);
            s.orders.emplace(id, o);
            if (r_.error_count() > 100) return;
        }
    }

    JsonReader& r_;
    Zone zone_;
};

}  // namespace

std::string fraction_text(Fraction f) {
    return f.den == 1 ? int128_text(f.num) : int128_text(f.num) + "/" + int128_text(f.den);
}

json ledger_state_json(const LedgerState& s, Zone zone) {
    json lots = json::array();
    for (const auto& l : s.lots) {
        lots.push_back({{"index", l.index},
                        {"earned_at", format_instant(l.earned_at, zone)},
                        {"expires_at", optional_instant(l.expires_at, zone)},
                        {"points", l.points},
                        {"source", l.source}});
        if (l.lasting) lots.back()["never_expires"] = true;  // absent on lots that can expire
    }
    json entries = json::array();
    for (const auto& e : s.tier_entries)
        entries.push_back(
            {{"handle", e.handle}, {"at", format_instant(e.at, zone)}, {"amount", e.amount}});
    json history = json::array();
    for (const auto& h : s.totals.history) history.push_back(history_entry_json(h, zone));
    json orders = json::object();
    for (const auto& [id, o] : s.orders) orders[id] = order_json(o);
    const Status& t = s.totals;
    json out = {{"version", kLedgerStateVersion},
                {"last_at", optional_instant(s.last_at, zone)},
                {"as_of", optional_instant(s.as_of, zone)},
                {"active_at", optional_instant(s.active_at, zone)},
                {"signed_up", s.signed_up},
                {"totals",
                 {{"balance", t.balance},
                  {"earned", t.earned},
                  {"redeemed", t.redeemed},
                  {"expired", t.expired},
                  {"clawed_back", t.clawed_back},
                  {"adjusted", t.adjusted},
                  {"uncollected", t.uncollected},
                  {"purchases", t.purchases}}},
                {"lots", std::move(lots)},
                {"lot_count", s.lot_count},
                {"tier_window",
                 {{"count", s.tier_count}, {"sum", s.tier_sum}, {"entries", std::move(entries)}}},
                {"history", std::move(history)},
                {"history_total", t.history_total},
                {"orders", std::move(orders)}};
    if (!s.tier_floor.empty())  // absent without a floor, as states before it were
        out["tier_floor"] = {{"tier_id", s.tier_floor},
                             {"until", optional_instant(s.tier_floor_until, zone)}};
    return out;
}

Result<LedgerState> parse_ledger_state_json(const json& doc, std::string_view path, Zone zone) {
    Errors errors;
    JsonReader r(errors);
    if (!r.expect_object(doc, path)) return errors;
    LedgerState state;
    StateReader(r, zone).read(doc, std::string(path), state);
    if (!errors.empty()) return errors;
    return state;
}

Result<OrderRecord> parse_order_record_json(const json& doc, std::string_view path) {
    Errors errors;
    JsonReader r(errors);
    if (!r.expect_object(doc, path)) return errors;
    OrderRecord order = StateReader(r, Zone{}).order_record(doc, std::string(path));
    if (!errors.empty()) return errors;
    return order;
}

}  // namespace loyalty
