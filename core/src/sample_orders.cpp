#include "loyalty/sample_orders.h"

#include <algorithm>
#include <array>
#include <queue>
#include <vector>

namespace loyalty {
namespace {

// xoshiro256** seeded by splitmix64: fast, and the same numbers everywhere.
class Rng {
  public:
    explicit Rng(uint64_t seed) {
        for (auto& s : s_) {
            seed += 0x9E3779B97F4A7C15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            s = z ^ (z >> 31);
        }
    }
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /** Uniform in [0, n), n > 0 (Lemire's multiply; the tiny bias is irrelevant here). */
    uint64_t below(uint64_t n) { return uint64_t((unsigned __int128)next() * n >> 64); }
    /** True with probability per_mille / 1000. */
    bool chance(uint64_t per_mille) { return below(1000) < per_mille; }

  private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

constexpr std::array<std::string_view, 24> kFirst = {
    "ivan",   "anna",      "sergey", "elena",   "dmitry",  "olga",      "alexey",  "maria",
    "andrey", "tatiana",   "pavel",  "natalia", "mikhail", "irina",     "nikolay", "svetlana",
    "artem",  "ekaterina", "oleg",   "yulia",   "roman",   "anastasia", "igor",    "daria"};
constexpr std::array<std::string_view, 20> kLast = {
    "ivanov",     "petrova", "smirnov",  "kuznetsova", "popov",    "vasilieva", "sokolov",
    "mikhailova", "novikov", "fedorova", "morozov",    "volkova",  "alekseev",  "lebedeva",
    "semenov",    "egorova", "pavlov",   "kozlova",    "stepanov", "nikolaeva"};
constexpr std::array<std::string_view, 6> kDomains = {"mail.ru", "yandex.ru", "gmail.com",
                                                      "bk.ru",   "inbox.ru",  "rambler.ru"};
constexpr std::array<std::string_view, 10> kCitiesRu = {
    "Москва",          "Санкт-Петербург", "Казань",    "Новосибирск", "Екатеринбург",
    "Нижний Новгород", "Самара",          "Краснодар", "Воронеж",     "Пермь"};
constexpr std::array<std::string_view, 10> kCitiesEn = {
    "Moscow",          "Saint Petersburg", "Kazan",     "Novosibirsk", "Yekaterinburg",
    "Nizhny Novgorod", "Samara",           "Krasnodar", "Voronezh",    "Perm"};
// Delivery texts, already quoted as CSV needs them for each delimiter.
constexpr std::array<std::string_view, 5> kDeliveryRu = {
    "Курьер", "Самовывоз", "Почта России", "\"Пункт выдачи; СДЭК\"", "\"ПВЗ \"\"Boxberry\"\"\""};
constexpr std::array<std::string_view, 5> kDeliveryEn = {
    "courier", "pickup", "post", "\"pickup point, CDEK\"", "\"parcel locker \"\"Boxberry\"\"\""};
// Per month, January first: the November-December peak and the January dip.
constexpr std::array<int, 12> kSeason = {80, 85, 95, 95, 100, 95, 90, 95, 100, 105, 130, 160};
// Monday first.
constexpr std::array<int, 7> kWeekday = {95, 100, 100, 105, 110, 95, 90};

void append_uint(std::string& out, uint64_t v, int min_digits = 1) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = char('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n < min_digits) buf[n++] = '0';
    while (n > 0) out += buf[--n];
}

// Kopecks as "1 234,50" (Russian) or "1234.50" (English).
void append_amount(std::string& out, int64_t kopecks, SampleStyle style) {
    if (kopecks < 0) {
        out += '-';
        kopecks = -kopecks;
    }
    const auto rubles = uint64_t(kopecks / 100);
    const auto frac = uint64_t(kopecks % 100);
    if (style == SampleStyle::Russian && rubles >= 1000) {
        append_uint(out, rubles / 1000);
        out += ' ';
        append_uint(out, rubles % 1000, 3);
    } else {
        append_uint(out, rubles);
    }
    out += style == SampleStyle::Russian ? ',' : '.';
    append_uint(out, frac, 2);
}

void append_email(std::string& out, uint64_t customer) {
    // Mixed from the customer number so neighbours get different names.
    uint64_t h = customer * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    out += kFirst[h % kFirst.size()];
    out += '.';
    out += kLast[(h >> 8) % kLast.size()];
    append_uint(out, customer + 1);
    out += '@';
    out += kDomains[(h >> 16) % kDomains.size()];
}

void append_date(std::string& out, Day day, int minute_of_day, SampleStyle style) {
    int y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    if (style == SampleStyle::Russian) {
        append_uint(out, d, 2);
        out += '.';
        append_uint(out, m, 2);
        out += '.';
        append_uint(out, uint64_t(y), 4);
        out += ' ';
        append_uint(out, uint64_t(minute_of_day / 60), 2);
        out += ':';
        append_uint(out, uint64_t(minute_of_day % 60), 2);
    } else {
        append_uint(out, uint64_t(y), 4);
        out += '-';
        append_uint(out, m, 2);
        out += '-';
        append_uint(out, d, 2);
        out += 'T';
        append_uint(out, uint64_t(minute_of_day / 60), 2);
        out += ':';
        append_uint(out, uint64_t(minute_of_day % 60), 2);
        out += ":00+03:00";
    }
}

struct PendingRefund {
    Day day;
    uint64_t sequence;  // ties in day keep their scheduling order
    uint64_t order_number;
    uint64_t customer;
    int64_t kopecks;
    bool operator>(const PendingRefund& o) const {
        return day != o.day ? day > o.day : sequence > o.sequence;
    }
};

class Generator {
  public:
    Generator(const SampleOrdersOptions& o, const std::function<void(std::string_view)>& write)
        : o_(o), write_(write), rng_(o.seed), days_(std::max(o.days, 1)) {
        style_ = o.style;
        sep_ = style_ == SampleStyle::Russian ? ';' : ',';
        recent_.reserve(kRecent);
        buffer_.reserve(kFlushAt + 512);
    }

    void run() {
        buffer_ += style_ == SampleStyle::Russian
                       ? "Номер заказа;Дата;Клиент;Город;Доставка;Сумма\r\n"
                       : "order_id,created_at,customer_email,city,delivery,amount,currency\n";
        // Day weights: growth over the span (x1 to x2), season and weekday, all integers.
        std::vector<uint64_t> cumulative(size_t(days_) + 1, 0);
        for (int32_t i = 0; i < days_; ++i) {
            const Day day = o_.first_day + i;
            int y;
            unsigned m, d;
            civil_from_days(day, y, m, d);
            const auto weekday = size_t(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
            const uint64_t growth = 1000 + uint64_t(i) * 1000 / uint64_t(days_);
            cumulative[size_t(i) + 1] = cumulative[size_t(i)] + growth * uint64_t(kSeason[m - 1]) *
                                                                    uint64_t(kWeekday[weekday]);
        }
        const uint64_t total = cumulative.back();
        uint64_t written = 0;
        for (int32_t i = 0; i < days_; ++i) {
            const Day day = o_.first_day + i;
            const auto upto =
                uint64_t((unsigned __int128)o_.count * cumulative[size_t(i) + 1] / total);
            flush_refunds(day);
            // Minutes of the day's orders, sorted so the file reads in time order.
            minutes_.clear();
            for (uint64_t k = written; k < upto; ++k) minutes_.push_back(int(minute()));
            std::sort(minutes_.begin(), minutes_.end());
            for (int minute_of_day : minutes_) order(day, minute_of_day);
            written = upto;
        }
        flush_refunds(o_.first_day + days_ + 30);
        write_(buffer_);
        buffer_.clear();
    }

  private:
    static constexpr size_t kRecent = 1 << 16;
    static constexpr size_t kFlushAt = 64 * 1024;

    uint64_t minute() {
        // 8% of orders at night (00:00-06:59), the rest spread over 07:00-23:59.
        if (rng_.chance(80)) return rng_.below(420);
        return 420 + rng_.below(1020);
    }

    uint64_t pick_customer() {
        if (customers_ == 0 || rng_.chance(300)) return customers_++;
        // Most returning orders come from recent buyers, which repeat them in turn: a
        // rich-get-richer skew with churn built in (old buyers fall out of the window).
        if (rng_.chance(750)) return recent_[size_t(rng_.below(recent_.size()))];
        return rng_.below(customers_);
    }

    int64_t amount_for(uint64_t customer) {
        // A customer's basket level from their number: 0.7x to 1.5x.
        uint64_t h = (customer + 17) * 0xD6E8FEB86659FD93ull;
        h ^= h >> 32;
        const auto level = int64_t(70 + h % 81);
        const uint64_t band = rng_.below(100);
        int64_t rubles;
        if (band < 35)
            rubles = 300 + int64_t(rng_.below(1200));
        else if (band < 75)
            rubles = 1500 + int64_t(rng_.below(3500));
        else if (band < 95)
            rubles = 5000 + int64_t(rng_.below(15000));
        else
            rubles = 20000 + int64_t(rng_.below(100000));
        rubles = rubles * level / 100;
        // Shop prices end in 0 or 9 most of the time, kopecks only sometimes.
        if (rng_.chance(600)) rubles = rubles / 10 * 10 + (rng_.chance(500) ? 9 : 0);
        const int64_t kopecks = rng_.chance(200) ? int64_t(rng_.below(100)) : 0;
        return rubles * 100 + kopecks;
    }

    void row(uint64_t number, Day day, int minute_of_day, uint64_t customer, size_t city,
             std::string_view delivery, int64_t kopecks) {
        append_uint(buffer_, number);
        buffer_ += sep_;
        append_date(buffer_, day, minute_of_day, style_);
        buffer_ += sep_;
        append_email(buffer_, customer);
        buffer_ += sep_;
        buffer_ += style_ == SampleStyle::Russian ? kCitiesRu[city] : kCitiesEn[city];
        buffer_ += sep_;
        buffer_ += delivery;
        buffer_ += sep_;
        append_amount(buffer_, kopecks, style_);
        if (style_ == SampleStyle::English) buffer_ += ",RUB";
        buffer_ += style_ == SampleStyle::Russian ? "\r\n" : "\n";
        if (buffer_.size() >= kFlushAt) {
            write_(buffer_);
            buffer_.clear();
        }
    }

    void order(Day day, int minute_of_day) {
        const uint64_t customer = pick_customer();
        if (recent_.size() < kRecent)
            recent_.push_back(customer);
        else
            recent_[recent_pos_++ % kRecent] = customer;
        const uint64_t number = 100'001 + orders_++;
        const int64_t kopecks = amount_for(customer);
        const size_t city = size_t(((customer * 2654435761u) >> 7) % kCitiesRu.size());
        // Courier 45%, pickup 25%, post 20%, and the two quoted ones 7% and 3%.
        const auto& deliveries = style_ == SampleStyle::Russian ? kDeliveryRu : kDeliveryEn;
        const uint64_t pick = rng_.below(100);
        const size_t which = pick < 45 ? 0 : pick < 70 ? 1 : pick < 90 ? 2 : pick < 97 ? 3 : 4;
        const std::string_view delivery = deliveries[which];
        row(number, day, minute_of_day, customer, city, delivery, kopecks);
        if (o_.refunds && rng_.chance(10)) {
            // A return within two weeks: the whole order or a part of it.
            const int64_t part =
                rng_.chance(600) ? kopecks : kopecks * int64_t(20 + rng_.below(60)) / 100;
            refunds_.push({day + 1 + Day(rng_.below(14)), refund_seq_++, number, customer, part});
        }
    }

    void flush_refunds(Day before) {
        while (!refunds_.empty() && refunds_.top().day < before) {
            const PendingRefund r = refunds_.top();
            refunds_.pop();
            const size_t city = size_t(((r.customer * 2654435761u) >> 7) % kCitiesRu.size());
            row(r.order_number, r.day, 600, r.customer, city,
                style_ == SampleStyle::Russian ? "Возврат" : "return", -r.kopecks);
        }
    }

    const SampleOrdersOptions& o_;
    const std::function<void(std::string_view)>& write_;
    Rng rng_;
    int32_t days_;
    SampleStyle style_;
    char sep_;
    std::string buffer_;
    std::vector<uint64_t> recent_;
    size_t recent_pos_ = 0;
    std::vector<int> minutes_;
    uint64_t customers_ = 0;
    uint64_t orders_ = 0;
    uint64_t refund_seq_ = 0;
    std::priority_queue<PendingRefund, std::vector<PendingRefund>, std::greater<>> refunds_;
};

}  // namespace

void write_sample_orders(const SampleOrdersOptions& options,
                         const std::function<void(std::string_view)>& write) {
    Generator(options, write).run();
}

std::string sample_orders_csv(const SampleOrdersOptions& options) {
    std::string out;
    write_sample_orders(options, [&](std::string_view piece) { out.append(piece); });
    return out;
}

}  // namespace loyalty
