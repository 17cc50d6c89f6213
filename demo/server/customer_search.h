// Finding a customer in the owner's console (docs/server.md, "Customer search"): by id, e-mail,
// phone or name, and a customer's contacts beside the ledger an admin reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app.h"
#include "database.h"
#include "reply.h"

namespace loyalty::server {

/** GET /api/admin/customers?q=&limit=: the customers `q` names, best matches first (exact id,
 *  e-mail or phone; then id or e-mail prefixes, phone suffixes of 4+ digits, name substrings);
 *  with `q` empty, the most recently active. `limit` 1-100 (20); `q` at most 200 bytes of
 *  printable UTF-8. 400 at the parameter otherwise. */
Reply search_customers(App& app, const std::optional<std::string>& q,
                       const std::optional<std::string>& limit);

/** {"email", "phone", "created_at"} of a customer, nulls when unknown (or no such customer). */
json contact_json(const App& app, Connection& c, std::string_view customer_id);

}  // namespace loyalty::server
