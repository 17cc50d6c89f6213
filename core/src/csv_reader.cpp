// The streaming CSV reader: record boundaries across chunks, the header, and each row.
#include <algorithm>
#include <bit>
#include <cstring>

#include "csv_scan.h"
#include "csv_text.h"
#include "loyalty/csv.h"

namespace loyalty {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr size_t kMaxIdBytes = 200;
constexpr size_t kBatchRows = 1024;
// Rows in a file of a known size: generous (untouched capacity costs nothing natively), but a
// file of shorter rows simply grows the tables once more.
constexpr size_t kBytesPerRowGuess = 64;

// Built by appending: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string&&.
std::string quoted_text(std::string_view field) {
    std::string out = "\"";
    out += csv_excerpt(field);
    out += '"';
    return out;
}

const char* role_label(CsvRole role) {
    switch (role) {
        case CsvRole::Customer:
            return "customer";
        case CsvRole::Order:
            return "order";
        case CsvRole::Date:
            return "date";
        case CsvRole::Amount:
            return "amount";
        case CsvRole::None:
            break;
    }
    return "";
}

const char* role_examples(CsvRole role) {
    switch (role) {
        case CsvRole::Customer:
            return "customer, customer_id, email, client, клиент or покупатель";
        case CsvRole::Order:
            return "order, order_id, номер заказа";
        case CsvRole::Date:
            return "date, created_at, order_date or дата";
        case CsvRole::Amount:
            return "amount, total, sum, сумма or итого";
        case CsvRole::None:
            break;
    }
    return "";
}

}  // namespace

OrderCsvReader::OrderCsvReader(CsvOptions options) : options_(std::move(options)) {
    fields_.reserve(32);
    batch_.reserve(kBatchRows);
    // Every staged id is at most kMaxIdBytes, two per row: this never reallocates, so the
    // views into it stay valid until the batch is flushed.
    staging_.reserve(kBatchRows * 2 * kMaxIdBytes);
    if (options_.expected_bytes > 0) table_.reserve(options_.expected_bytes / kBytesPerRowGuess);
}

// Hands the parsed rows to the table. Called before the bytes the rows point into go away.
void OrderCsvReader::flush_batch() {
    if (batch_.empty()) return;
    const size_t taken = table_.add_rows(batch_.data(), batch_.size());
    if (taken < batch_.size()) {
        report_.rows -= batch_.size() - taken;
        set_fatal(batch_[taken].line,
                  "the file has more rows or distinct customers than the "
                  "50 million accepted",
                  ErrorCode::too_many);
    }
    batch_.clear();
    staging_.clear();
}

bool OrderCsvReader::is_delimiter(char c) const {
    if (delimiter_ != 0) return c == delimiter_;
    return c == ',' || c == ';' || c == '\t';
}

// Finds the '\n' that ends the record starting at `from` (or continuing in `state`), outside
// quotes. Sets `quoted` when the record holds a '"'. npos when the data ends first; `state` is
// then the scanner's state at the end, so the next chunk continues exactly there.
size_t OrderCsvReader::find_record_end(std::string_view data, size_t from, Scan& state,
                                       bool& quoted) const {
    const char* base = data.data();
    const size_t n = data.size();
    if (state == Scan::FieldStart || state == Scan::Unquoted) {
        // Fast path: no quote before the next line end.
        const void* nl = std::memchr(base + from, '\n', n - from);
        const size_t stop = nl ? size_t(static_cast<const char*>(nl) - base) : n;
        if (!std::memchr(base + from, '"', stop - from)) {
            if (nl) return stop;
            // The state at the end: spaces after a delimiter still leave a field's start.
            size_t k = stop;
            while (k > from && (data[k - 1] == ' ' || data[k - 1] == '\t') &&
                   !is_delimiter(data[k - 1]))
                --k;
            if (k > from) state = is_delimiter(data[k - 1]) ? Scan::FieldStart : Scan::Unquoted;
            return std::string_view::npos;
        }
    }
    quoted = true;
    for (size_t i = from; i < n; ++i) {
        const char c = base[i];
        switch (state) {
            case Scan::FieldStart:
                if (c == '"')
                    state = Scan::Quoted;
                else if (c == '\n')
                    return i;
                else if (!is_delimiter(c) && c != ' ' && c != '\t')
                    state = Scan::Unquoted;
                break;
            case Scan::Unquoted:
                if (c == '\n') return i;
                if (is_delimiter(c)) state = Scan::FieldStart;
                break;
            case Scan::Quoted:
                if (c == '"') state = Scan::QuoteInQuoted;
                break;
            case Scan::QuoteInQuoted:
                if (c == '"')
                    state = Scan::Quoted;  // "" is one quote
                else if (c == '\n')
                    return i;
                else if (is_delimiter(c))
                    state = Scan::FieldStart;
                else
                    state = Scan::Unquoted;  // text after a closing quote joins the field
                break;
        }
    }
    return std::string_view::npos;
}

void OrderCsvReader::feed(std::string_view chunk) {
    report_.bytes += chunk.size();
    if (finished_ || report_.fatal) return;
    if (!bom_checked_) {
        const size_t take = std::min(chunk.size(), size_t(3) - head_.size());
        head_.append(chunk.substr(0, take));
        chunk.remove_prefix(take);
        if (head_.size() < 3) return;
        bom_checked_ = true;
        if (head_[0] == '\xFF' || head_[0] == '\xFE') {
            if ((head_[0] == '\xFF' && head_[1] == '\xFE') ||
                (head_[0] == '\xFE' && head_[1] == '\xFF')) {
                set_fatal(1, "the file is UTF-16; save it as UTF-8 (CSV UTF-8 in Excel)",
                          ErrorCode::bad_format);
                return;
            }
        }
        consume(head_ == kBom ? std::string_view() : std::string_view(head_));
    }
    consume(chunk);
}

void OrderCsvReader::consume(std::string_view data) {
    size_t pos = 0;
    if (!pending_.empty()) {
        const size_t end = find_record_end(data, 0, pending_state_, pending_quoted_);
        const size_t add = end == std::string_view::npos ? data.size() : end;
        if (pending_.size() + add > kMaxRowBytes) {
            set_fatal(next_line_,
                      "a row is longer than 1 MiB; is this a CSV file? (a quote that "
                      "opens a field and never closes makes the rest of the file one "
                      "field)",
                      ErrorCode::too_long);
            return;
        }
        pending_.append(data.substr(0, add));
        if (end == std::string_view::npos) return;
        handle_record(pending_, pending_quoted_);
        flush_batch();  // its rows point into pending_
        pending_.clear();
        pending_state_ = Scan::FieldStart;
        pending_quoted_ = false;
        pos = end + 1;
    }
    // One finder for the whole buffer: the bytes it classified for one row's end serve the
    // next row's first fields.
    CsvSpecialFinder find_special(delimiter_);
    while (pos < data.size() && !report_.fatal) {
        if (header_done_) {
            // The common row, without quotes, takes one pass over its bytes.
            size_t end = 0;
            // The header may have been read from this very buffer, naming the delimiter.
            if (find_special.delimiter() != delimiter_) find_special = CsvSpecialFinder(delimiter_);
            if (scan_plain_row(data, pos, end, find_special)) {
                report_.lines = next_line_;
                const bool blank = field_count_ == 1 && csv_trim(fields_[0]).empty();
                if (!blank) process_fields(false);
                ++next_line_;
                pos = end + 1;
                continue;
            }
        }
        Scan state = Scan::FieldStart;
        bool quoted = false;
        const size_t end = find_record_end(data, pos, state, quoted);
        if (end == std::string_view::npos) {
            flush_batch();  // its rows point into `data`
            if (data.size() - pos > kMaxRowBytes) {
                set_fatal(next_line_, "a row is longer than 1 MiB; is this a CSV file?",
                          ErrorCode::too_long);
                return;
            }
            pending_.assign(data.substr(pos));
            pending_state_ = state;
            pending_quoted_ = quoted;
            return;
        }
        handle_record(data.substr(pos, end - pos), quoted);
        pos = end + 1;
    }
    flush_batch();
}

// Reads one row straight from `data`: the delimiters (the first needed_fields_ fields go to
// fields_) and the line end, and quoted fields that need no unquoting ("a; b" but not "a ""b""",
// nor one holding a line break). A quoted field with "" inside is read here too when the import
// does not use its column (only its extent matters then). False when the row needs the general
// reader (which then reads it) or the data ends before the row does (it becomes pending).
bool OrderCsvReader::scan_plain_row(std::string_view data, size_t pos, size_t& end,
                                    CsvSpecialFinder& find_special) {
    // The first needed_fields_ fields go straight into fields_, kept at least that long.
    const size_t needed = needed_fields_;
    if (fields_.size() < needed) fields_.resize(needed);
    std::string_view* const out = fields_.data();
    size_t count = 0;
    const char* const base = data.data();
    const char* const stop = base + data.size();
    const char delimiter = delimiter_;
    const char* field = base + pos;
    const char* h = find_special(field, stop);
    for (;;) {
        if (h == stop) return false;
        const char c = *h;
        if (c == delimiter) {
            if (count < needed) out[count++] = std::string_view(field, size_t(h - field));
            field = h + 1;
            h = find_special.next(h, stop);
        } else if (c == '\n') {
            if (count < needed) {
                // The CR of a CRLF line end is no part of the last field (handle_record drops it
                // too); left in, every field read would take csv_trim's slow path for it.
                const char* last = h > field && h[-1] == '\r' ? h - 1 : h;
                out[count++] = std::string_view(field, size_t(last - field));
            }
            field_count_ = count;
            end = size_t(h - base);
            return true;
        } else if (h != field) {
            // A quote inside an unquoted field is a character (12" pizza); after nothing but
            // spaces it opens a quoted field, which the general reader handles.
            const char* s = field;
            while (s < h && (*s == ' ' || *s == '\t')) ++s;
            if (s == h) return false;
            h = find_special.next(h, stop);
        } else {
            // The closing quote: the first quote not doubled ("" is one quote inside).
            const char* from = h + 1;
            bool doubled = false;
            const char* close;
            for (;;) {
                close = static_cast<const char*>(std::memchr(from, '"', size_t(stop - from)));
                if (close == nullptr || close + 1 >= stop) return false;
                if (close[1] != '"') break;
                doubled = true;
                from = close + 2;
            }
            if (std::memchr(h + 1, '\n', size_t(close - h - 1)) != nullptr) return false;
            const char* after = close + 1;
            if (*after == '\r' && after + 1 < stop && after[1] == '\n') ++after;
            if (*after != delimiter && *after != '\n') return false;  // text after the quote
            if (count < needed) {
                if (doubled && column_used(count)) return false;  // must be unquoted
                out[count++] = std::string_view(h + 1, size_t(close - h - 1));
            }
            if (*after == '\n') {
                field_count_ = count;
                end = size_t(after - base);
                return true;
            }
            field = after + 1;
            h = find_special(field, stop);
        }
    }
}

bool OrderCsvReader::column_used(size_t index) const {
    return int(index) == customer_index_ || int(index) == order_index_ ||
           int(index) == date_index_ || int(index) == amount_index_;
}

void OrderCsvReader::handle_record(std::string_view record, bool quoted) {
    if (report_.fatal) return;
    const uint64_t newlines = quoted ? uint64_t(std::count(record.begin(), record.end(), '\n')) : 0;
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    const uint64_t line = next_line_;
    report_.lines = line + newlines;
    if (csv_trim(record).empty()) {  // blank lines are skipped wherever they are
        next_line_ += 1 + newlines;
        return;
    }
    if (!header_done_) {
        read_header(record, quoted);
        next_line_ += 1 + newlines;
        return;
    }
    process_row(record, quoted);
    next_line_ += 1 + newlines;
}

// Splits `record` into fields_ (views into the record, or into unquoted_ when quotes must be
// removed), stopping after `max_fields`.
void OrderCsvReader::split(std::string_view record, bool quoted, char delimiter,
                           size_t max_fields) {
    fields_.clear();
    const char* p = record.data();
    const size_t n = record.size();
    if (!quoted) {
        size_t start = 0;
        while (fields_.size() < max_fields) {
            const void* hit = std::memchr(p + start, delimiter, n - start);
            if (!hit) {
                fields_.push_back(record.substr(start));
                break;
            }
            const auto at = size_t(static_cast<const char*>(hit) - p);
            fields_.push_back(record.substr(start, at - start));
            start = at + 1;
        }
        return;
    }
    // Quoted fields: "" is one quote; the unquoted text never outgrows the record, so reserving
    // its size keeps every view valid.
    unquoted_.clear();
    unquoted_.reserve(n);
    size_t i = 0;
    while (fields_.size() < max_fields) {
        const size_t begin = unquoted_.size();
        while (i < n && p[i] != delimiter && (p[i] == ' ' || p[i] == '\t')) unquoted_ += p[i++];
        if (i < n && p[i] == '"') {
            unquoted_.resize(begin);  // spaces before an opening quote are not content
            ++i;
            while (i < n) {
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') {
                        unquoted_ += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                unquoted_ += p[i++];
            }
        }
        while (i < n && p[i] != delimiter) unquoted_ += p[i++];
        fields_.emplace_back(unquoted_.data() + begin, unquoted_.size() - begin);
        if (i >= n) break;
        ++i;  // the delimiter
        if (i == n) {
            fields_.emplace_back();  // a trailing delimiter ends with an empty field
            break;
        }
    }
}

bool OrderCsvReader::read_header(std::string_view record, bool quoted) {
    const uint64_t line = next_line_;
    // Excel's "sep=;" line names the delimiter; the header follows it.
    const std::string_view trimmed = csv_trim(record);
    if (delimiter_ == 0 && trimmed.size() == 5 && trimmed.substr(0, 4) == "sep=") {
        const char d = trimmed[4];
        if (d == ',' || d == ';' || d == '\t' || d == '|') {
            delimiter_ = d;
            report_.delimiter = d;
            return true;
        }
    }
    if (!trimmed.empty() && (trimmed.front() == '{' || trimmed.front() == '[')) {
        // A JSON document has commas enough to pass for a header whose names match by chance.
        set_fatal(line,
                  "the file starts with \"" + std::string(1, trimmed.front()) +
                      "\": this is JSON, not CSV; send orders as JSON in \"orders\" (the "
                      "CLI: --request FILE), and a CSV file as the shop exported it",
                  ErrorCode::bad_format);
        return false;
    }
    if (delimiter_ == 0) {
        // The delimiter is the most frequent of ; , tab outside quotes (";" wins a tie: Russian
        // exports write decimal commas).
        size_t semicolons = 0, commas = 0, tabs = 0;
        bool in_quotes = false;
        for (char c : record) {
            if (c == '"') in_quotes = !in_quotes;
            if (in_quotes) continue;
            semicolons += c == ';';
            commas += c == ',';
            tabs += c == '\t';
        }
        if (semicolons == 0 && commas == 0 && tabs == 0) {
            set_fatal(line,
                      "the header row " + quoted_text(record) +
                          " has a single column; expected columns for the customer, the "
                          "date and the amount separated by , or ;",
                      ErrorCode::bad_format);
            return false;
        }
        delimiter_ = semicolons >= commas && semicolons >= tabs ? ';' : commas >= tabs ? ',' : '\t';
    }
    report_.delimiter = delimiter_;
    split(record, quoted, delimiter_, 4096);
    header_names_.clear();
    std::vector<std::string> normalized;
    for (auto f : fields_) {
        header_names_.emplace_back(csv_trim(f));
        normalized.push_back(csv_normalize_name(f));
    }

    int* index_of[5] = {nullptr, &customer_index_, &order_index_, &date_index_, &amount_index_};
    const std::string* overrides[5] = {nullptr, &options_.customer_column, &options_.order_column,
                                       &options_.date_column, &options_.amount_column};
    std::string problems;
    std::vector<bool> taken(normalized.size(), false);
    for (int r = 1; r <= 4; ++r) {
        if (overrides[r]->empty()) continue;
        const std::string want = csv_normalize_name(*overrides[r]);
        for (size_t c = 0; c < normalized.size(); ++c) {
            if (normalized[c] == want && !taken[c]) {
                *index_of[r] = int(c);
                taken[c] = true;
                break;
            }
        }
        if (*index_of[r] < 0) {
            problems += std::string(problems.empty() ? "" : "; ") + "the " +
                        role_label(CsvRole(r)) + " column " + quoted_text(*overrides[r]) +
                        " is not in the header";
        }
    }
    int best_score[5] = {0, 0, 0, 0, 0};
    for (size_t c = 0; c < normalized.size(); ++c) {
        if (taken[c]) continue;
        const CsvRoleMatch m = csv_match_role(normalized[c]);
        const auto r = int(m.role);
        if (m.role == CsvRole::None || !overrides[r]->empty()) continue;
        if (m.score > best_score[r]) {
            best_score[r] = m.score;
            *index_of[r] = int(c);
        }
    }
    for (int r : {1, 3, 4}) {
        if (*index_of[r] >= 0 || !overrides[r]->empty()) continue;
        problems += std::string(problems.empty() ? "" : "; ") + "no column for the " +
                    role_label(CsvRole(r)) + " (expected a header such as " +
                    role_examples(CsvRole(r)) + ")";
    }
    if (!problems.empty()) {
        std::string names;
        for (const auto& h : header_names_) {
            if (names.size() > 300) {
                names += ", ...";
                break;
            }
            names += (names.empty() ? "" : ", ") + quoted_text(h);
        }
        set_fatal(line, problems + "; the header has " + names, ErrorCode::required);
        return false;
    }
    auto name_of = [&](int index) {
        return index >= 0 ? header_names_[size_t(index)] : std::string();
    };
    report_.customer_column = name_of(customer_index_);
    report_.order_column = name_of(order_index_);
    report_.date_column = name_of(date_index_);
    report_.amount_column = name_of(amount_index_);
    needed_fields_ =
        size_t(1 + std::max({customer_index_, order_index_, date_index_, amount_index_}));
    // Order ids are usually short numbers ("100001"); a file of longer ids grows the store.
    if (order_index_ >= 0 && options_.expected_bytes > 0)
        table_.reserve_ids(options_.expected_bytes / kBytesPerRowGuess, 8);
    header_done_ = true;
    return true;
}

void OrderCsvReader::process_row(std::string_view record, bool quoted) {
    split(record, quoted, delimiter_, needed_fields_);
    field_count_ = fields_.size();
    process_fields(quoted);
}

// Reads the row now in fields_[0, field_count_) (views into the input, or into unquoted_ when
// `quoted`).
void OrderCsvReader::process_fields(bool quoted) {
    const uint64_t line = next_line_;
    ++report_.rows;
    if (field_count_ < needed_fields_) {
        bad_row(line, -1,
                "has " + std::to_string(field_count_) + " field" + (field_count_ == 1 ? "" : "s") +
                    "; expected at least " + std::to_string(needed_fields_) + " (the header has " +
                    std::to_string(header_names_.size()) + ")");
        return;
    }
    const std::string_view customer = csv_trim(fields_[size_t(customer_index_)]);
    if (customer.empty()) {
        bad_row(line, customer_index_, "is empty; every order needs its customer");
        return;
    }
    if (customer.size() > kMaxIdBytes) {
        bad_row(line, customer_index_, "is longer than 200 bytes");
        return;
    }
    std::string_view order_id;
    if (order_index_ >= 0) {
        order_id = csv_trim(fields_[size_t(order_index_)]);
        if (order_id.size() > kMaxIdBytes) {
            bad_row(line, order_index_, "is longer than 200 bytes");
            return;
        }
    }
    const std::string_view date_text = fields_[size_t(date_index_)];
    const auto day = parse_csv_date(date_text, date_memo_);
    if (!day) {
        bad_row(line, date_index_,
                quoted_text(csv_trim(date_text)) +
                    " is not a date; expected 2026-01-05, 2026-01-05T14:30:00 "
                    "or 05.01.2026 (years 1900-2999)");
        return;
    }
    const std::string_view amount_text = fields_[size_t(amount_index_)];
    const ParsedAmount amount = parse_csv_amount(amount_text, options_.currency);
    if (amount.error) {
        bad_row(line, amount_index_, quoted_text(csv_trim(amount_text)) + " " + amount.error);
        return;
    }
    if (amount.minor < 0) ++report_.refund_rows;
    // Views into the record stay valid until the batch is flushed, except for a quoted row,
    // whose fields live in unquoted_: its ids are copied to staging_ (which never reallocates).
    std::string_view customer_view = customer, order_view = order_id;
    if (quoted) {
        const size_t at = staging_.size();
        staging_.append(customer);
        staging_.append(order_id);
        customer_view = std::string_view(staging_).substr(at, customer.size());
        order_view = std::string_view(staging_).substr(at + customer.size(), order_id.size());
    }
    const auto line32 = uint32_t(std::min<uint64_t>(line, UINT32_MAX));
    batch_.push_back({customer_view, order_view, *day, amount.minor, line32});
    if (batch_.size() == kBatchRows) flush_batch();
}

void OrderCsvReader::bad_row(uint64_t line, int column, std::string message) {
    ++report_.bad_rows;
    if (report_.errors.size() >= options_.max_errors) return;
    std::string name = column >= 0 ? header_names_[size_t(column)] : std::string();
    report_.errors.push_back({line, std::move(name), std::move(message)});
}

void OrderCsvReader::set_fatal(uint64_t line, std::string message, ErrorCode code) {
    if (!report_.fatal)
        report_.fatal = Error{"/csv", "line " + std::to_string(line) + ": " + message, code};
}

Result<bool> OrderCsvReader::finish() {
    if (!finished_) {
        finished_ = true;
        if (!bom_checked_ && !report_.fatal) {
            bom_checked_ = true;
            consume(head_);
        }
        if (!pending_.empty() && !report_.fatal) {
            if (pending_state_ == Scan::Quoted) {
                // The file ends inside a quoted field: the row is incomplete.
                const uint64_t line = next_line_;
                if (header_done_) {
                    ++report_.rows;
                    bad_row(line, -1, "ends inside a quoted field (a \" that never closes)");
                } else {
                    set_fatal(line, "the header row ends inside a quoted field",
                              ErrorCode::bad_format);
                }
            } else {
                handle_record(pending_, pending_quoted_);
                flush_batch();  // its rows point into pending_
            }
            pending_.clear();
        }
        flush_batch();
        if (!header_done_ && !report_.fatal)
            set_fatal(1,
                      "the file is empty; expected a header row "
                      "such as customer;order;date;amount",
                      ErrorCode::required);
        // Merging the rows of one order can overflow: those rows become bad rows too.
        for (auto& rejected : table_.finalize()) {
            bad_row(rejected.line, amount_index_, std::move(rejected.message));
        }
        report_.merged_rows = table_.merged_rows();
        std::stable_sort(
            report_.errors.begin(), report_.errors.end(),
            [](const CsvRowError& x, const CsvRowError& y) { return x.line < y.line; });
    }
    if (report_.fatal) return *report_.fatal;
    return true;
}

}  // namespace loyalty
