// The network side: a Beast listener and one session object per connection
// (the Beast advanced-server shape). Each connection lives on its own strand;
// every read has a body limit and a timeout.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>

#include "proctord/api.hpp"
#include "proctord/metrics.hpp"

namespace proctord {

struct ServerLimits {
  std::uint64_t body_bytes = 1 << 20;  // requests; uploads get their own limit later
  int read_timeout_s = 30;
};

// Starts accepting on `endpoint`; returns the port actually bound (useful
// with port 0). Throws on failure to bind.
unsigned short start_server(boost::asio::io_context& io,
                            const boost::asio::ip::tcp::endpoint& endpoint, Api& api,
                            Metrics& metrics, ServerLimits limits);

}  // namespace proctord
