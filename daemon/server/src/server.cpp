#include "proctord/server.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

#include "proctord/log.hpp"

namespace proctord {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Errors that only mean "the other side went away".
bool harmless(const beast::error_code& ec) {
  return ec == net::error::operation_aborted || ec == beast::http::error::end_of_stream ||
         ec == net::error::connection_reset || ec == beast::error::timeout || ec == net::error::eof;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Api& api, Metrics& metrics, ServerLimits limits)
      : stream_(std::move(socket)), api_(api), metrics_(metrics), limits_(limits) {
    beast::error_code ec;
    const auto remote = stream_.socket().remote_endpoint(ec);
    peer_.address = ec ? "unknown" : remote.address().to_string();
    metrics_.connections_open++;
    metrics_.connections_total++;
  }
  ~HttpSession() { metrics_.connections_open--; }
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(limits_.body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(limits_.read_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      Request request;
      request.version(11);
      send(error_response(
               request, http::status::payload_too_large, "too_large",
               "the request body is over " + std::to_string(limits_.body_bytes) + " bytes"),
           true);
      return;
    }
    if (ec) {
      if (!harmless(ec)) log(Level::Debug, "read failed", {{"error", ec.message()}});
      close();
      return;
    }
    Request request = parser_->release();
    Response response = api_.handle(request, peer_);
    send(std::move(response), false);
  }

  void send(Response response, bool then_close) {
    auto message = std::make_shared<Response>(std::move(response));
    const bool close_after = then_close || message->need_eof();
    if (then_close) message->keep_alive(false);
    http::async_write(
        stream_, *message,
        [self = shared_from_this(), message, close_after](beast::error_code ec, std::size_t) {
          if (ec || close_after) {
            self->close();
            return;
          }
          self->do_read();
        });
  }

  // Says we are done, then reads (and drops) what the client still sends
  // for a bounded while: closing with unread data makes the kernel reset
  // the connection, and the client might lose our last response with it.
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    drain_left_ = std::size_t{16} << 20;
    stream_.expires_after(std::chrono::seconds(5));
    drain();
  }

  void drain() {
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec || n >= self->drain_left_) return;
                              self->drain_left_ -= n;
                              self->drain();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Api& api_;
  Metrics& metrics_;
  ServerLimits limits_;
  Peer peer_;
  std::array<char, 16384> drain_buffer_{};
  std::size_t drain_left_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io, const tcp::endpoint& endpoint, Api& api, Metrics& metrics,
           ServerLimits limits)
      : io_(io), acceptor_(net::make_strand(io)), api_(api), metrics_(metrics), limits_(limits) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void run() { do_accept(); }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(io_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted) return;
      log(Level::Warning, "accept failed", {{"error", ec.message()}});
    } else {
      std::make_shared<HttpSession>(std::move(socket), api_, metrics_, limits_)->run();
    }
    do_accept();
  }

  net::io_context& io_;
  tcp::acceptor acceptor_;
  Api& api_;
  Metrics& metrics_;
  ServerLimits limits_;
};

}  // namespace

unsigned short start_server(net::io_context& io, const tcp::endpoint& endpoint, Api& api,
                            Metrics& metrics, ServerLimits limits) {
  auto listener = std::make_shared<Listener>(io, endpoint, api, metrics, limits);
  listener->run();
  return listener->port();
}

}  // namespace proctord
