// The network side: a Beast listener and one session object per connection
// (the Beast advanced-server shape). Each connection lives on its own strand;
// every read has a body limit and a timeout.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>

#include "proctord/api.hpp"
#include "proctord/bank.hpp"
#include "proctord/candidate.hpp"
#include "proctord/grading_service.hpp"
#include "proctord/metrics.hpp"
#include "proctord/store.hpp"
#include "proctord/write_batcher.hpp"

namespace proctord {

struct ServerLimits {
  std::uint64_t body_bytes = 1 << 20;                    // requests
  std::uint64_t upload_bytes = std::uint64_t{32} << 20;  // POSTs to /api/bank/... (uploads)
  int read_timeout_s = 30;
  std::size_t ws_message_bytes = std::size_t{256} * 1024;  // one WebSocket message
  std::size_t ws_queue = 64;        // replies waiting; a client that falls behind is dropped
  int ws_messages_per_second = 20;  // sustained; bursts of twice that
  // A candidate's connection silent this long (no message, no answer to our
  // pings, sent at half of it) is taken as lost: a gap in the report.
  int ws_idle_timeout_s = 20;
  CandidateLimits candidate;
};

// What a candidate's WebSocket needs besides the network.
struct CandidateContext {
  Store& store;
  const Catalog& catalog;
  GradingService& grading;
  WriteBatcher& batcher;
  // Several daemons over one database: a connection that signs in to an
  // attempt here closes an older one on any other daemon, as it does here.
  JobBoard* board = nullptr;
};

// Starts accepting on `endpoint`; returns the port actually bound (useful
// with port 0). Throws on failure to bind.
unsigned short start_server(boost::asio::io_context& io,
                            const boost::asio::ip::tcp::endpoint& endpoint, Api& api,
                            CandidateContext candidates, Metrics& metrics, ServerLimits limits);

// Ends, every second, the started attempts whose deadline passed with no
// connection to notice (and those that passed while the service was down).
// Grading is woken for each attempt ended here.
void start_deadline_sweeper(boost::asio::io_context& io, Store& store, GradingService& grading,
                            Metrics& metrics);

}  // namespace proctord
