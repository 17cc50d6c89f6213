// A ledger state printed as JSON text straight from its fields: what the server stores after
// every booking. Building ledger_state_json's tree only to print it cost about 15% of a
// booking's instructions (docs/performance.md, "where a booking's time goes"); this prints the
// same bytes, keys in nlohmann's sorted order. tests/unit/ledger_state_test.cpp compares the two
// on every state of its randomized ledgers.
#include <charconv>

#include "ledger_state_json.h"
#include "loyalty/engine_json.h"

namespace loyalty {
namespace {

template <typename Integer>
void append_integer(Integer v, std::string& out) {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out.append(buffer, size_t(end - buffer));
}

/** Writes one object's members in the order given (callers give them sorted, as nlohmann's
 *  objects keep them); the closing brace comes with the destructor. */
class ObjectText {
  public:
    explicit ObjectText(std::string& out) : out_(out) { out_ += '{'; }
    ~ObjectText() { out_ += '}'; }
    ObjectText(const ObjectText&) = delete;
    ObjectText& operator=(const ObjectText&) = delete;

    /** Starts member `k` (a plain ASCII name) and returns the text to append its value to. */
    std::string& key(std::string_view k) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += '"';
        out_ += k;
        out_ += "\":";
        return out_;
    }
    /** key() for a name from data (an order id), escaped. */
    std::string& escaped_key(std::string_view k) {
        if (!first_) out_ += ',';
        first_ = false;
        append_json_string(k, out_);
        out_ += ':';
        return out_;
    }
    template <typename Integer>
    void integer(std::string_view k, Integer v) {
        append_integer(v, key(k));
    }
    void text(std::string_view k, std::string_view v) { append_json_string(v, key(k)); }
    void boolean(std::string_view k, bool v) { key(k) += v ? "true" : "false"; }
    void instant(std::string_view k, const std::optional<Instant>& t, Zone zone) {
        if (t)
            text(k, format_instant(*t, zone));
        else
            key(k) += "null";
    }
    template <typename Integer>
    void optional_integer(std::string_view k, const std::optional<Integer>& v) {
        if (v)
            integer(k, *v);
        else
            key(k) += "null";
    }

  private:
    std::string& out_;
    bool first_ = true;
};

/** Appends `[item, item, ...]`, each written by write(item, out). */
template <class Items, class Write>
void append_array(const Items& items, std::string& out, Write&& write) {
    out += '[';
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += ',';
        first = false;
        write(item, out);
    }
    out += ']';
}

void append_explanation_line(const ExplanationLine& l, std::string& out) {
    ObjectText o(out);
    if (l.amount) o.integer("amount", *l.amount);
    if (!l.category.empty()) o.text("category", l.category);
    if (l.factor) o.text("factor", format_ratio(*l.factor));
    o.text("kind", l.kind);
    if (!l.label.empty()) o.text("label", l.label);
    o.text("points", fraction_text(l.points));
    if (!l.rule.empty()) o.text("rule", l.rule);
}

void append_history_entry(const HistoryEntry& h, Zone zone, std::string& out) {
    ObjectText o(out);
    o.text("at", format_instant(h.at, zone));
    o.integer("balance", h.balance);
    append_array(h.explanation, o.key("explanation"), append_explanation_line);
    if (!h.id.empty()) o.text("id", h.id);
    o.integer("points", h.points);
    if (!h.reason.empty()) o.text("reason", h.reason);
    o.text("type", h.type);
    if (h.uncollected) o.integer("uncollected", h.uncollected);
}

void append_order_record(const OrderRecord& r, std::string& out) {
    ObjectText o(out);
    o.integer("clawed_back", r.clawed_back);
    o.integer("earned", r.earned);
    o.optional_integer("lot", r.lot);
    o.integer("paid", r.paid);
    o.integer("paid_refunded", r.paid_refunded);
    o.integer("points_redeemed", r.points_redeemed);
    o.integer("refunded", r.refunded);
    o.integer("returned", r.returned);
    o.integer("subtotal", r.subtotal);
    o.optional_integer("tier_entry", r.tier_entry);
}

void append_totals(const Status& t, std::string& out) {
    ObjectText o(out);
    o.integer("adjusted", t.adjusted);
    o.integer("balance", t.balance);
    o.integer("clawed_back", t.clawed_back);
    o.integer("earned", t.earned);
    o.integer("expired", t.expired);
    o.integer("purchases", t.purchases);
    o.integer("redeemed", t.redeemed);
    o.integer("uncollected", t.uncollected);
}

}  // namespace

std::string order_record_text(const OrderRecord& order) {
    std::string out;
    append_order_record(order, out);
    return out;
}

std::string ledger_state_text(const LedgerState& s, Zone zone) {
    std::string out;
    out.reserve(1024 + 256 * s.totals.history.size() + 96 * s.lots.size());
    {
        ObjectText o(out);
        o.instant("active_at", s.active_at, zone);
        o.instant("as_of", s.as_of, zone);
        append_array(
            s.totals.history, o.key("history"),
            [&](const HistoryEntry& h, std::string& text) { append_history_entry(h, zone, text); });
        o.integer("history_total", s.totals.history_total);
        o.instant("last_at", s.last_at, zone);
        o.integer("lot_count", s.lot_count);
        append_array(s.lots, o.key("lots"), [&](const Lot& l, std::string& text) {
            ObjectText lot(text);
            lot.text("earned_at", format_instant(l.earned_at, zone));
            lot.instant("expires_at", l.expires_at, zone);
            lot.integer("index", l.index);
            if (l.lasting) lot.boolean("never_expires", true);
            lot.integer("points", l.points);
            lot.text("source", l.source);
        });
        {
            ObjectText orders(o.key("orders"));
            for (const auto& [id, record] : s.orders)
                append_order_record(record, orders.escaped_key(id));
        }
        o.boolean("signed_up", s.signed_up);
        if (!s.tier_floor.empty()) {
            ObjectText floor(o.key("tier_floor"));
            floor.text("tier_id", s.tier_floor);
            floor.instant("until", s.tier_floor_until, zone);
        }
        {
            ObjectText window(o.key("tier_window"));
            window.integer("count", s.tier_count);
            append_array(s.tier_entries, window.key("entries"),
                         [&](const TierEntry& e, std::string& text) {
                             ObjectText entry(text);
                             entry.integer("amount", e.amount);
                             entry.text("at", format_instant(e.at, zone));
                             entry.integer("handle", e.handle);
                         });
            window.integer("sum", s.tier_sum);
        }
        append_totals(s.totals, o.key("totals"));
        o.integer("version", kLedgerStateVersion);
    }
    return out;
}

}  // namespace loyalty
