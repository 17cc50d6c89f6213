// Reads `earn.rules`, the ordered list of earning rules (docs/program.md#earnrules).
#pragma once

#include <string_view>

#include "json_reader.h"
#include "loyalty/program.h"

namespace loyalty {

/** Reads the rules at `path` (the array) into p.earn.rules. Categories are checked against
 *  p.earn.categories, so read them first. Tier ids are checked by check_earn_rule_tiers. */
void read_earn_rules(JsonReader& r, const json& list, std::string_view path, Program& p);

/** Refuses rule tier ids the program's tiers do not define (tiers are read after `earn`). */
void check_earn_rule_tiers(JsonReader& r, std::string_view path, const Program& p);

/** Reads a campaign's or rule's "ends": a bare date covers that whole day (the next midnight). */
std::optional<Instant> read_end(JsonReader& r, const json& object, std::string_view path,
                                std::string_view key, Zone zone);

}  // namespace loyalty
