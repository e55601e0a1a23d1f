// The store's schema, shared by its SQLite and PostgreSQL implementations:
// one list of steps, so that version N is the same tables on both.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace proctord::schema {

enum class Dialect { Sqlite, Postgres };

// Step i brings the schema from version i to version i + 1. Several
// statements per step, separated by semicolons; no parameters.
std::vector<std::string> migrations(Dialect dialect);

// Throws StoreError when a database is at a version this build does not
// know: a newer proctord migrated it, and an older one must not write to a
// schema it cannot read (restore the backup taken before the upgrade).
void refuse_newer(int version, std::size_t known_steps);

}  // namespace proctord::schema
