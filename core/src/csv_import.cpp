// OrderImport: header detection, Windows-1251 decoding, and the preset row mapper that turns a
// shop's export into generic rows for OrderCsvReader.
#include "loyalty/csv_import.h"

#include <algorithm>
#include <cstring>

#include "csv_presets.h"
#include "csv_text.h"

namespace loyalty {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Windows-1251 bytes 0x80-0xBF as Unicode (0xC0-0xFF are U+0410-U+044F in order).
constexpr uint16_t kCp1251High[64] = {
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409,
    0x2039, 0x040A, 0x040C, 0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F, 0x00A0,
    0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB,
    0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6,
    0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457};

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

std::string cp1251_to_utf8(std::string_view in) {
    std::string out;
    out.reserve(in.size() * 2);
    for (char ch : in) {
        const auto b = uint8_t(ch);
        if (b < 0x80)
            out += ch;
        else if (b >= 0xC0)
            append_utf8(out, 0x0410 + (b - 0xC0));
        else
            append_utf8(out, kCp1251High[b - 0x80]);
    }
    return out;
}

// Whether `s` is well-formed UTF-8; a sequence cut by the end of `s` counts as well-formed.
bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto b = uint8_t(s[i]);
        size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (len == 0 || (len == 2 && b < 0xC2)) return false;
        for (size_t k = 1; k < len; ++k) {
            if (i + k >= s.size()) return true;
            if ((uint8_t(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += len;
    }
    return true;
}

// The end of the record starting at `from` (the index of its '\n'), or npos.
size_t record_end(std::string_view data, size_t from) {
    bool quoted = false;
    for (size_t i = from; i < data.size(); ++i) {
        if (data[i] == '"') quoted = !quoted;
        if (data[i] == '\n' && !quoted) return i;
    }
    return std::string_view::npos;
}

std::vector<std::string> split_record(std::string_view record, char delimiter) {
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < record.size(); ++i) {
        const char c = record[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < record.size() && record[i + 1] == '"') {
                    fields.back() += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                fields.back() += c;
            }
        } else if (c == '"' && csv_trim(fields.back()).empty()) {
            fields.back().clear();
            quoted = true;
        } else if (c == delimiter) {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

char detect_delimiter(std::string_view header) {
    size_t semicolons = 0, commas = 0, tabs = 0;
    bool in_quotes = false;
    for (char c : header) {
        if (c == '"') in_quotes = !in_quotes;
        if (in_quotes) continue;
        semicolons += c == ';';
        commas += c == ',';
        tabs += c == '\t';
    }
    return semicolons >= commas && semicolons >= tabs ? ';' : commas >= tabs ? ',' : '\t';
}

// The calendar date at the front of a date-and-time ("2024-03-01 14:05:00 +0300",
// "01.03.2024 9:00:00"): the day as written is the order's day, whatever its offset.
std::string_view date_part(std::string_view s) {
    s = csv_trim(s);
    if (s.size() > 10 && ((s[4] == '-' && s[7] == '-') || (s[2] == '.' && s[5] == '.')) &&
        (s[10] == ' ' || s[10] == 'T'))
        return s.substr(0, 10);
    return s;
}

void quote_into(std::string& out, std::string_view field) {
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += (c == '\n' || c == '\r') ? ' ' : c;
    }
    out += '"';
}

}  // namespace

// Maps a preset file's rows to generic rows.
struct OrderImport::Impl {
    const PresetSpec& spec;
    Currency currency;
    char delimiter;
    std::vector<std::string> header;
    int order = -1, email = -1, phone = -1, customer = -1, date = -1, amount = -1, refund = -1,
        currency_col = -1, status = -1, payment_status = -1, cancelled = -1, method = -1;
    std::string carry;            // an unfinished record
    uint64_t next_line = 2;       // the physical line the next record starts on
    std::vector<uint64_t> lines;  // physical line of each generic row (row k is line k+2)
    std::string out;              // generic rows waiting for the reader
    std::string last_order;       // the previous row's order id (line items follow it)
    uint64_t data_rows = 0;       // physical data rows seen
    std::vector<CsvSkipCount> skips;
    uint64_t skipped = 0;

    Impl(const PresetSpec& s, const Currency& c, char d) : spec(s), currency(c), delimiter(d) {}

    void skip(std::string reason) {
        ++skipped;
        for (auto& s : skips) {
            if (s.reason == reason) {
                ++s.rows;
                return;
            }
        }
        skips.push_back({std::move(reason), 1});
    }

    std::string_view field(const std::vector<std::string>& f, int index) const {
        return index >= 0 && size_t(index) < f.size() ? csv_trim(f[size_t(index)])
                                                      : std::string_view();
    }

    void emit(std::string_view customer_key, std::string_view order_id, std::string_view day,
              std::string_view amount_text, uint64_t line) {
        quote_into(out, customer_key);
        out += ',';
        quote_into(out, order_id);
        out += ',';
        quote_into(out, day);
        out += ',';
        quote_into(out, amount_text);
        out += '\n';
        lines.push_back(line);
    }

    void row(std::string_view record, uint64_t line) {
        if (csv_trim(record).empty()) return;
        ++data_rows;
        const auto f = split_record(record, delimiter);
        const std::string order_id(field(f, order));
        // Later rows of one order repeat it (WooCommerce, InSales) or leave its fields blank
        // (Shopify): the order's total is on its first row only.
        if (spec.one_row_per_order && !order_id.empty() && order_id == last_order) {
            skip("line item");
            return;
        }
        last_order = order_id;
        // A report's totals row names itself in its first column or the customer's.
        for (int column : {0, customer}) {
            const std::string normalized = csv_normalize_name(field(f, column));
            for (auto total : spec.total_rows) {
                if (normalized == total || normalized.rfind(std::string(total) + " ", 0) == 0) {
                    skip("totals row");
                    return;
                }
            }
        }
        std::string who;
        if (customer >= 0) {
            const std::string_view name = field(f, customer);
            who = normalize_customer_contact(name);
            if (who.empty()) who = std::string(name);
        } else {
            who = normalize_customer_contact(field(f, email));
            if (who.empty()) who = normalize_customer_contact(field(f, phone));
        }
        if (cancelled >= 0 && !field(f, cancelled).empty()) {
            skip("cancelled");
            return;
        }
        bool refunded_whole = false;
        if (status >= 0) {
            const std::string value = csv_normalize_name(field(f, status));
            if (std::find(spec.refunded.begin(), spec.refunded.end(), value) !=
                spec.refunded.end()) {
                refunded_whole = true;
            } else if (std::find(spec.paid.begin(), spec.paid.end(), value) == spec.paid.end()) {
                skip(value.empty() ? "no status" : "status \"" + value + "\"");
                return;
            }
        }
        if (payment_status >= 0) {
            const std::string value = csv_normalize_name(field(f, payment_status));
            if (std::find(spec.payment_paid.begin(), spec.payment_paid.end(), value) ==
                spec.payment_paid.end()) {
                skip(value.empty() ? "no payment status" : "payment \"" + value + "\"");
                return;
            }
        }
        if (method >= 0) {
            const std::string value = csv_normalize_name(field(f, method));
            for (auto word : spec.test_methods) {
                if (value.find(word) != std::string::npos) {
                    skip("test order");
                    return;
                }
            }
        }
        if (currency_col >= 0) {
            std::string code(field(f, currency_col));
            for (char& c : code) {
                if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
            }
            if (code == "РУБ" || code == "\xD0\xA0\xD0\xA3\xD0\x91" || code == "RUR") code = "RUB";
            if (!code.empty() && code != currency.code) {
                skip("currency " + code);
                return;
            }
        }
        const std::string_view day = date_part(field(f, date));
        std::string amount_text(field(f, amount));
        if (!spec.return_documents.empty()) {
            // A return document in a sales report: a refund, whichever sign the report gives it.
            const std::string doc = csv_normalize_name(order_id);
            for (auto word : spec.return_documents) {
                if (doc.rfind(word, 0) == 0) {
                    const ParsedAmount a = parse_csv_amount(amount_text, currency);
                    if (!a.error && a.minor > 0) amount_text = format_minor(-a.minor, currency);
                }
            }
        }
        emit(who, order_id, day, amount_text, line);
        // A refund in its own column, or a refunded status without one: the order was paid, then
        // money went back. Its day is the order's: the export gives no refund date.
        std::string_view refund_text = field(f, refund);
        if (!refund_text.empty()) {
            const ParsedAmount r = parse_csv_amount(refund_text, currency);
            if (r.error) {
                emit(who, order_id, day, refund_text, line);  // the reader names the problem
            } else if (r.minor != 0) {
                emit(who, order_id, day, format_minor(-std::abs(r.minor), currency), line);
            }
        } else if (refunded_whole) {
            const ParsedAmount a = parse_csv_amount(amount_text, currency);
            if (!a.error && a.minor > 0)
                emit(who, order_id, day, format_minor(-a.minor, currency), line);
        }
    }

    // Reads the complete records in carry + data; keeps an unfinished one.
    void consume(std::string_view data, bool at_end) {
        carry.append(data);
        std::string_view all(carry);
        size_t pos = 0;
        while (pos < all.size()) {
            const size_t end = record_end(all, pos);
            if (end == std::string_view::npos) {
                if (!at_end) break;
                row(all.substr(pos), next_line);
                pos = all.size();
                break;
            }
            const std::string_view record = all.substr(pos, end - pos);
            row(record, next_line);
            next_line += 1 + uint64_t(std::count(record.begin(), record.end(), '\n'));
            pos = end + 1;
        }
        carry.erase(0, pos);
    }
};

OrderImport::OrderImport(CsvOptions options, std::string preset)
    : options_(std::move(options)), preset_request_(std::move(preset)) {}

OrderImport::~OrderImport() = default;

const OrderTable& OrderImport::table() const {
    static const OrderTable kEmpty;
    return reader_ ? reader_->table() : kEmpty;
}

uint64_t OrderImport::rows_read() const {
    if (impl_) return impl_->data_rows;
    return reader_ ? reader_->report().rows : 0;
}

void OrderImport::forward(std::string_view utf8) {
    if (impl_) {
        impl_->consume(utf8, false);
        if (impl_->carry.size() > OrderCsvReader::kMaxRowBytes && !report_.fatal) {
            report_.fatal = Error{"/csv",
                                  "line " + std::to_string(impl_->next_line) +
                                      ": a row is longer than 1 MiB; is this a CSV file?",
                                  ErrorCode::too_long};
        }
        if (impl_->out.size() >= 64 * 1024) {
            reader_->feed(impl_->out);
            impl_->out.clear();
        }
    } else if (reader_) {
        reader_->feed(utf8);
    }
}

void OrderImport::feed(std::string_view chunk) {
    if (finished_ || report_.fatal) return;
    if (started_) {
        if (cp1251_)
            forward(cp1251_to_utf8(chunk));
        else
            forward(chunk);
        return;
    }
    head_.append(chunk);
    // The header row ends at the first line end outside quotes, after an Excel "sep=" line.
    std::string_view text(head_);
    if (text.substr(0, 3) == kBom) text.remove_prefix(3);
    size_t end = record_end(text, 0);
    if (end != std::string_view::npos && csv_trim(text.substr(0, end)).substr(0, 4) == "sep=")
        end = record_end(text, end + 1);
    if (end == std::string_view::npos) {
        if (head_.size() > OrderCsvReader::kMaxRowBytes) start(text);  // the reader says why
        return;
    }
    start(text.substr(0, end));
}

void OrderImport::start(std::string_view header_line) {
    started_ = true;
    std::string head = std::move(head_);
    head_.clear();
    cp1251_ = !valid_utf8(header_line);
    std::string decoded;
    if (cp1251_) {
        info_.encoding = "windows-1251";
        decoded = cp1251_to_utf8(head);
        head = decoded;
    }
    std::string_view text(head);
    if (text.substr(0, 3) == kBom) text.remove_prefix(3);
    std::string_view line = text.substr(0, std::min(text.size(), record_end(text, 0)));
    char delimiter = 0;
    size_t header_start = 0;
    if (const std::string_view t = csv_trim(line); t.size() == 5 && t.substr(0, 4) == "sep=") {
        delimiter = t[4];
        header_start = line.size() + 1;
        const std::string_view rest = text.substr(std::min(header_start, text.size()));
        line = rest.substr(0, std::min(rest.size(), record_end(rest, 0)));
    }
    if (delimiter == 0) delimiter = detect_delimiter(line);
    auto fields = split_record(line, delimiter);
    for (auto& f : fields) info_.header.emplace_back(csv_trim(f));

    std::optional<CsvPreset> preset;
    if (preset_request_.empty() || preset_request_ == "auto") {
        preset = detect_csv_preset(info_.header);
        info_.detected = true;
    } else {
        preset = csv_preset_from_id(preset_request_);
        if (!preset) {
            report_.fatal = Error{"/preset",
                                  "\"" + csv_excerpt(preset_request_) +
                                      "\" is not a preset; expected auto, generic, "
                                      "shopify, woocommerce, insales, tilda or 1c",
                                  ErrorCode::not_allowed};
            return;
        }
    }
    info_.preset = std::string(csv_preset_id(*preset));
    std::vector<std::string> normalized;
    for (const auto& h : info_.header) normalized.push_back(csv_normalize_name(h));

    if (*preset == CsvPreset::Generic) {
        // Which roles the reader will miss, judged as it judges them, for a column picker.
        const std::string* overrides[5] = {nullptr, &options_.customer_column,
                                           &options_.order_column, &options_.date_column,
                                           &options_.amount_column};
        bool found[5] = {};
        for (int r = 1; r <= 4; ++r) {
            if (!overrides[r]->empty())
                found[r] = std::find(normalized.begin(), normalized.end(),
                                     csv_normalize_name(*overrides[r])) != normalized.end();
        }
        for (const auto& n : normalized) {
            const auto role = int(csv_match_role(n).role);
            if (role > 0 && overrides[role]->empty()) found[role] = true;
        }
        if (!found[1]) info_.missing.emplace_back("customer");
        if (!found[3]) info_.missing.emplace_back("date");
        if (!found[4]) info_.missing.emplace_back("amount");
        if (!overrides[2]->empty() && !found[2]) info_.missing.emplace_back("order");
        reader_ = std::make_unique<OrderCsvReader>(options_);
        reader_->feed(head);
        return;
    }

    const PresetSpec& spec = preset_spec(*preset);
    impl_ = std::make_unique<Impl>(spec, options_.currency, delimiter);
    Impl& m = *impl_;
    m.header = info_.header;
    m.order = find_column(normalized, spec.order);
    m.email = find_column(normalized, spec.email);
    m.phone = find_column(normalized, spec.phone);
    m.customer = find_column(normalized, spec.customer);
    m.date = find_column(normalized, spec.date);
    m.amount = find_column(normalized, spec.amount);
    m.refund = find_column(normalized, spec.refund);
    m.currency_col = find_column(normalized, spec.currency);
    m.status = find_column(normalized, spec.status);
    m.payment_status = find_column(normalized, spec.payment_status);
    m.cancelled = find_column(normalized, spec.cancelled);
    m.method = find_column(normalized, spec.payment_method);
    auto names = [](const Names& n) {
        std::string s;
        for (auto x : n) s += (s.empty() ? "\"" : ", \"") + std::string(x) + "\"";
        return s;
    };
    std::string problems;
    auto need = [&](bool ok, const char* role, std::string expected) {
        if (ok) return;
        info_.missing.emplace_back(role);
        problems += std::string(problems.empty() ? "" : "; ") + "no " + role + " column (" +
                    std::string(spec.label) + " exports name it " + expected + ")";
    };
    need(m.email >= 0 || m.phone >= 0 || m.customer >= 0, "customer",
         names(spec.customer.empty() ? spec.email : spec.customer));
    need(m.date >= 0, "date", names(spec.date));
    need(m.amount >= 0, "amount", names(spec.amount));
    need(m.order >= 0, "order", names(spec.order));
    if (!problems.empty()) {
        report_.fatal =
            Error{"/csv",
                  "line 1: the file looks like a " + std::string(spec.label) + " export but has " +
                      problems + "; pick the columns by hand or choose another preset",
                  ErrorCode::required};
        return;
    }
    CsvOptions generic = options_;
    generic.customer_column = "customer";
    generic.order_column = "order";
    generic.date_column = "date";
    generic.amount_column = "amount";
    reader_ = std::make_unique<OrderCsvReader>(generic);
    reader_->feed("customer,order,date,amount\n");
    // The records after the header row.
    size_t after = header_start + line.size();
    if (after < text.size()) ++after;  // its '\n'
    m.next_line = header_start > 0 ? 3 : 2;
    forward(text.substr(std::min(after, text.size())));
}

Result<bool> OrderImport::finish() {
    if (!finished_) {
        finished_ = true;
        if (!started_ && !report_.fatal) {
            std::string_view text(head_);
            if (text.substr(0, 3) == kBom) text.remove_prefix(3);
            start(text);
        }
        if (impl_ && !report_.fatal) {
            impl_->consume({}, true);
            reader_->feed(impl_->out);
            impl_->out.clear();
        }
        if (reader_) (void)reader_->finish();
        if (!reader_ && !report_.fatal)
            report_.fatal = Error{"/csv", "line 1: the file is empty; expected a header row",
                                  ErrorCode::required};
        sync_report();
    }
    if (report_.fatal) return *report_.fatal;
    return true;
}

// The reader's report, told in the file's terms: physical lines, the file's column names.
void OrderImport::sync_report() {
    std::optional<Error> fatal = report_.fatal;
    if (reader_) report_ = reader_->report();
    if (fatal) report_.fatal = fatal;
    if (!impl_) return;
    const Impl& m = *impl_;
    auto name = [&](int index) { return index >= 0 ? m.header[size_t(index)] : std::string(); };
    const std::string customer_name = name(m.customer >= 0 ? m.customer
                                           : m.email >= 0  ? m.email
                                                           : m.phone);
    for (auto& e : report_.errors) {
        if (e.line >= 2 && e.line - 2 < m.lines.size()) e.line = m.lines[size_t(e.line - 2)];
        if (e.column == "customer") e.column = customer_name;
        if (e.column == "order") e.column = name(m.order);
        if (e.column == "date") e.column = name(m.date);
        if (e.column == "amount") e.column = name(m.amount);
    }
    report_.rows += m.skipped;
    report_.lines = m.next_line - 1;
    report_.delimiter = m.delimiter;
    report_.customer_column = customer_name;
    report_.order_column = name(m.order);
    report_.date_column = name(m.date);
    report_.amount_column = name(m.amount);
    info_.skipped_rows = m.skipped;
    info_.skipped = m.skips;
}

}  // namespace loyalty
