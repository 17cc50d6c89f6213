// Calendar buckets for the survey trend: weeks starting Monday 00:00 or months starting on the
// 1st, in the program's zone, clipped to the requested range.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "loyalty/date.h"

namespace loyalty::server {

enum class BucketSize { Week, Month };

/** "week" or "month". */
std::optional<BucketSize> parse_bucket_size(std::string_view text);
std::string_view bucket_size_name(BucketSize size);

struct Bucket {
    Instant start = 0;  // inclusive
    Instant end = 0;    // exclusive
};

/** The buckets covering [from, to), each a whole calendar week or month in `zone` except the
 *  first and last, which are clipped to the range. Empty when from >= to. */
std::vector<Bucket> calendar_buckets(Instant from, Instant to, BucketSize size, Zone zone);

}  // namespace loyalty::server
