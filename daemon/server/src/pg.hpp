// libpq, as the PostgreSQL store and the grading job board use it: values
// bound as text parameters, results read by row and column, transactions
// that roll back when their body throws, and a small pool of connections
// that find a restarted server again by themselves.
#pragma once

#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "proctord/log.hpp"
#include "proctord/store.hpp"

namespace proctord::pg {

// Connections kept open. Each call takes one for its duration, so that a
// slow query on one thread does not hold up every other (SQLite's single
// connection under a mutex would: there the disk, not the network, is the
// bottleneck).
constexpr std::size_t kPoolSize = 4;

// Parameters travel as text, and the server reads each as its column's type.
inline std::string param(const std::string& text) {
  // libpq passes text parameters as C strings: a NUL byte would cut the value
  // short without a word. Refuse it rather than store less than was given.
  if (text.find('\0') != std::string::npos) {
    throw Conflict("PostgreSQL text cannot hold a NUL byte");
  }
  return text;
}
inline std::string param(std::int64_t value) {
  return std::to_string(value);
}
inline std::string param(int value) {
  return std::to_string(value);
}
inline std::string param(bool value) {
  return value ? "1" : "0";
}
inline std::string param(double value) {
  // The shortest text that reads back as exactly this double.
  std::array<char, 64> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) throw StoreError("cannot format a number");
  return {buffer.data(), end};
}

// A query's result; rows and columns counted from 0, as libpq does.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result) {}
  ~Result() { PQclear(result_); }
  Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;

  [[nodiscard]] int rows() const { return PQntuples(result_); }
  [[nodiscard]] std::string text(int row, int column) const {
    return {PQgetvalue(result_, row, column),
            static_cast<std::size_t>(PQgetlength(result_, row, column))};
  }
  [[nodiscard]] bool null(int row, int column) const {
    return PQgetisnull(result_, row, column) != 0;
  }
  [[nodiscard]] std::int64_t integer(int row, int column) const {
    return number<std::int64_t>(PQgetvalue(result_, row, column));
  }
  [[nodiscard]] double real(int row, int column) const {
    return number<double>(PQgetvalue(result_, row, column));
  }
  // Rows an INSERT, UPDATE or DELETE touched.
  [[nodiscard]] std::int64_t affected() const { return number<std::int64_t>(PQcmdTuples(result_)); }
  [[nodiscard]] std::string command() const { return PQcmdStatus(result_); }

 private:
  template <typename Number>
  static Number number(const char* text) {
    Number value{};
    const char* end = text + std::strlen(text);
    const auto [ptr, ec] = std::from_chars(text, end, value);
    if (ec != std::errc() || ptr != end) {
      throw StoreError(std::string("PostgreSQL returned '") + text + "' for a number");
    }
    return value;
  }

  PGresult* result_;
};

inline std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Throws unless the statement succeeded. A broken rule of the data (class
// 23: a duplicate key above all, or a missing referenced row) is the
// request's fault, as SQLITE_CONSTRAINT is in the SQLite store; anything
// else is the store's.
inline Result checked(PGconn* connection, PGresult* raw) {
  if (raw == nullptr) throw StoreError("PostgreSQL: " + trimmed(PQerrorMessage(connection)));
  Result result(raw);
  const ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  const std::string message = trimmed(PQresultErrorMessage(raw));
  if (state != nullptr && std::strncmp(state, "23", 2) == 0) throw Conflict(message);
  throw StoreError("PostgreSQL: " + message);
}

// Statements without parameters: migrations and transaction control.
inline Result exec(PGconn* connection, const std::string& sql) {
  return checked(connection, PQexec(connection, sql.c_str()));
}

// One statement with its parameters bound ($1, $2, ...), never spliced in.
template <typename... Args>
Result query(PGconn* connection, const char* sql, const Args&... args) {
  const std::array<std::string, sizeof...(Args)> values{param(args)...};
  std::array<const char*, sizeof...(Args)> pointers{};
  for (std::size_t i = 0; i < values.size(); ++i) pointers[i] = values[i].c_str();
  return checked(connection, PQexecParams(connection, sql, static_cast<int>(values.size()), nullptr,
                                          pointers.data(), nullptr, nullptr, 0));
}

// Runs `body` in a transaction: committed when it returns, rolled back when
// it throws. COMMIT of a transaction that failed answers ROLLBACK: that is
// an error here, never a success.
template <typename Body>
auto transaction(PGconn* connection, const Body& body) -> decltype(body()) {
  exec(connection, "BEGIN");
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      if (exec(connection, "COMMIT").command() != "COMMIT") throw StoreError("rolled back");
    } else {
      auto value = body();
      if (exec(connection, "COMMIT").command() != "COMMIT") throw StoreError("rolled back");
      return value;
    }
  } catch (...) {
    // Best effort: if this fails too, the connection is not idle and is
    // reset before its next use.
    PQclear(PQexec(connection, "ROLLBACK"));
    throw;
  }
}

inline void log_notice(void*, const char* message) {
  log(Level::Debug, "postgresql notice", {{"message", trimmed(message)}});
}

// A connection between calls has nothing to say. If the server wrote to it
// anyway, that is its goodbye (a FATAL as it shut down, then the close):
// read it, so that libpq notices the connection is gone before a query
// fails on it.
inline bool still_connected(PGconn* connection) {
  if (PQstatus(connection) != CONNECTION_OK) return false;
  if (PQtransactionStatus(connection) != PQTRANS_IDLE) return false;
  for (int reads = 0; reads < 8; ++reads) {
    pollfd ready{PQsocket(connection), POLLIN, 0};
    if (::poll(&ready, 1, 0) <= 0) return true;
    if (PQconsumeInput(connection) == 0) return false;
    while (PGnotify* note = PQnotifies(connection)) PQfreemem(note);
  }
  return PQstatus(connection) == CONNECTION_OK;
}

// A new connection, possibly not connected (PQstatus says); nullptr only
// when out of memory. Defaults first: the connection string (dbname,
// expanded) comes last and overrides any of them. Keepalives find a peer
// that vanished without a word within a minute instead of two hours.
inline PGconn* open_connection(const std::string& conninfo) {
  const char* const keys[] = {"connect_timeout",
                              "application_name",
                              "client_encoding",
                              "keepalives_idle",
                              "keepalives_interval",
                              "keepalives_count",
                              "tcp_user_timeout",
                              "dbname",
                              nullptr};
  const char* const values[] = {"5", "proctord", "UTF8",           "30",   "10",
                                "3", "60000",    conninfo.c_str(), nullptr};
  PGconn* connection = PQconnectdbParams(keys, values, 1);
  if (connection != nullptr) PQsetNoticeProcessor(connection, log_notice, nullptr);
  return connection;
}

// A few connections, each used by one call at a time. A connection that
// dropped is reset when a call next takes it (once per call): a database
// that goes away and comes back is found again without a restart, and the
// calls made while it is away throw StoreError.
class Pool {
 public:
  // A connection that answers, for one call; StoreError when there is none.
  class Lease {
   public:
    explicit Lease(Pool& pool) : pool_(pool) {
      bool fresh = false;
      connection_ = pool.acquire(fresh);
      try {
        pool.make_ready(connection_, fresh);
      } catch (...) {
        pool.give_back(connection_);
        throw;
      }
    }
    ~Lease() { pool_.give_back(connection_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    operator PGconn*() const { return connection_; }  // NOLINT(google-explicit-constructor)

   private:
    Pool& pool_;
    PGconn* connection_ = nullptr;
  };

  explicit Pool(std::string conninfo, std::size_t size = kPoolSize)
      : conninfo_(std::move(conninfo)), size_(size) {}
  ~Pool() {
    for (PGconn* connection : idle_) PQfinish(connection);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

 private:
  // An idle connection, or a new one when fewer than `size_` are open;
  // `fresh` says which. Waits while every connection is in use.
  PGconn* acquire(bool& fresh) {
    {
      std::unique_lock lock(mutex_);
      freed_.wait(lock, [this] { return !idle_.empty() || opened_ < size_; });
      fresh = idle_.empty();
      if (!fresh) {
        PGconn* connection = idle_.back();
        idle_.pop_back();
        return connection;
      }
      ++opened_;
    }
    return connect();
  }

  // Resets a connection that dropped, once; a fresh one has just tried.
  static void make_ready(PGconn* connection, bool fresh) {
    if (!fresh && !still_connected(connection)) {
      PQreset(connection);
      // A failure is the caller's to log (with what it was doing); the
      // return is worth a line of its own.
      if (PQstatus(connection) == CONNECTION_OK) log(Level::Info, "reconnected to PostgreSQL");
    }
    if (PQstatus(connection) != CONNECTION_OK) {
      throw StoreError("PostgreSQL is unreachable: " + trimmed(PQerrorMessage(connection)));
    }
  }

  PGconn* connect() {
    PGconn* connection = open_connection(conninfo_);
    if (connection == nullptr) {
      const std::lock_guard lock(mutex_);
      --opened_;
      freed_.notify_one();
      throw StoreError("PostgreSQL: out of memory");
    }
    return connection;  // possibly not connected: make_ready() says so
  }

  void give_back(PGconn* connection) {
    const std::lock_guard lock(mutex_);
    idle_.push_back(connection);
    freed_.notify_one();
  }

  const std::string conninfo_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<PGconn*> idle_;
  std::size_t opened_ = 0;
};
}  // namespace proctord::pg
