// --seed-demo: the sample customers (demo/examples/customers/*.json) loaded into an empty
// database, each checked by the core first, in one transaction.
#pragma once

#include <string>

#include "app.h"

namespace loyalty::server {

/** Loads every *.json customer of `dir` when the database has no customers. Returns how many
 *  were loaded (0 when the database had customers already). Throws std::runtime_error naming
 *  the file when a customer is unreadable or the core refuses its ledger. */
int seed_customers(App& app, const std::string& dir);

}  // namespace loyalty::server
