// `pysandbox pool`: a supervisor that serves runs from a warm pool on a
// UNIX socket readable only by its owner, and the client side that
// `pysandbox run --pool` uses. One request per message on the socket:
// the pool's job encoding in, a reply out (see pool_server.cpp).
#pragma once

#include <optional>
#include <string>

#include "pysandbox/sandbox.hpp"

namespace pysandbox::cli {

struct PoolServerOptions {
  std::string socket_path;
  unsigned size = 0;    // templates (workers); 0: the number of cores
  unsigned queue = 64;  // runs waiting beyond those running; past it: busy
};

// Serves until SIGTERM or SIGINT; returns the exit status.
int serve_pool(const PoolServerOptions& options);

// Sends one run to the pool at `socket_path`. nullopt, with `why`, when the
// pool is absent or broken (the caller then runs cold); a busy or refused
// request comes back as an INTERNAL_ERROR result saying so.
std::optional<RunResult> run_through_pool(const std::string& socket_path, const RunRequest& request,
                                          std::string& why);

}  // namespace pysandbox::cli
