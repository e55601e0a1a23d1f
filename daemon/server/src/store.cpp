#include "proctord/store.hpp"

#include <filesystem>

namespace proctord {

bool is_postgres_url(const std::string& spec) {
  return spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> open_store(const std::string& spec, const std::string& data_dir) {
  if (is_postgres_url(spec)) return open_postgres_store(spec);
  if (!spec.empty()) throw StoreError("a store is a postgresql:// URL, or nothing for SQLite");
  return open_sqlite_store((std::filesystem::path(data_dir) / "proctord.db").string());
}

}  // namespace proctord
