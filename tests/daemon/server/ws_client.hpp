// A real Beast WebSocket client for the candidate's protocol, synchronous
// and with timeouts, for tests and nothing else.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace proctord_test {

using nlohmann::json;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

class WsClient {
 public:
  explicit WsClient(unsigned short port) : ws_(io_) {
    beast::get_lowest_layer(ws_).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.handshake("127.0.0.1", "/ws/attempt");
  }
  void send(const std::string& text) { ws_.write(net::buffer(text)); }
  void send(const json& message) { send(message.dump()); }
  // The next message, or {"type": "closed"} / {"type": "timeout"}. After a
  // timeout the connection is unusable: use it only when giving up.
  json receive(int timeout_ms = 5000) {
    // A WebSocket stream ignores the TCP stream's timer, so the read runs
    // asynchronously and the io_context only for so long.
    beast::flat_buffer buffer;
    beast::error_code ec;
    bool done = false;
    ws_.async_read(buffer, [&](beast::error_code error, std::size_t) {
      ec = error;
      done = true;
    });
    io_.restart();
    io_.run_for(std::chrono::milliseconds(timeout_ms));
    if (!done) {
      beast::get_lowest_layer(ws_).socket().cancel();
      io_.restart();
      io_.run();
      return {{"type", "timeout"}};
    }
    if (ec) return {{"type", "closed"}, {"error", ec.message()}};
    return json::parse(beast::buffers_to_string(buffer.data()));
  }
  // Sends and returns the first reply that is not a push (the time, a
  // warning, a run's result).
  json ask(const json& message) {
    send(message);
    for (;;) {
      json reply = receive();
      if (reply["type"] == "run_result") {
        pushed_results_.push_back(reply);
        continue;
      }
      if (reply["type"] != "time" && reply["type"] != "warning") return reply;
    }
  }
  // Waits for the result of run `run` (or gives up after `timeout_ms`).
  json run_result(std::int64_t run, int timeout_ms = 30000) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      for (auto it = pushed_results_.begin(); it != pushed_results_.end(); ++it) {
        if ((*it)["run"] == run) {
          json found = *it;
          pushed_results_.erase(it);
          return found;
        }
      }
      if (std::chrono::steady_clock::now() > give_up) return {{"type", "timeout"}};
      json reply = receive(timeout_ms);
      if (reply["type"] == "timeout" || reply["type"] == "closed") return reply;
      if (reply["type"] == "run_result") pushed_results_.push_back(reply);
    }
  }

 private:
  net::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  std::vector<json> pushed_results_;
};

}  // namespace proctord_test
