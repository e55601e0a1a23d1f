// The store's schema, shared by its SQLite and PostgreSQL implementations:
// one list of steps, so that version N is the same tables on both.
#pragma once

#include <string>
#include <vector>

namespace proctord::schema {

enum class Dialect { Sqlite, Postgres };

// Step i brings the schema from version i to version i + 1. Several
// statements per step, separated by semicolons; no parameters.
std::vector<std::string> migrations(Dialect dialect);

}  // namespace proctord::schema
