#include "proctord/server.hpp"

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "proctord/auth.hpp"
#include "proctord/candidate.hpp"
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

namespace websocket = beast::websocket;
class WsSession;

// Which connection holds each attempt: a newer one takes over, and the
// older is told and closed. With several daemons over one database, each
// claim is announced to the others, and a claim announced elsewhere closes
// the connection this daemon holds for that attempt.
class AttemptRegistry {
 public:
  AttemptRegistry() = default;
  AttemptRegistry(JobBoard& board, Store& store)
      : board_(&board), store_(&store), instance_(random_token(9)) {
    // A result for a candidate who moved to another daemon goes there.
    runs_->set_relay([board = board_](std::int64_t attempt, const nlohmann::json& result) {
      try {
        board->relay_result(attempt,
                            result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      } catch (const std::exception& failure) {
        log(Level::Warning, "cannot relay a run's result", {{"error", failure.what()}});
      }
    });
    watcher_ = std::thread([this] { watch(); });
  }
  ~AttemptRegistry() {
    stopping_.store(true);
    if (watcher_.joinable()) watcher_.join();
  }
  AttemptRegistry(const AttemptRegistry&) = delete;
  AttemptRegistry& operator=(const AttemptRegistry&) = delete;

  std::shared_ptr<WsSession> claim(std::int64_t attempt,
                                   const std::shared_ptr<WsSession>& session) {
    std::shared_ptr<WsSession> previous;
    {
      const std::lock_guard lock(mutex_);
      previous = holders_[attempt].lock();
      holders_[attempt] = session;
    }
    announce(attempt);
    // Results relayed here before this connection signed in (the candidate
    // was between daemons): pushed now, after its welcome.
    if (board_ != nullptr) deliver_relayed(0, attempt);
    return previous == session ? nullptr : previous;
  }
  // Run results, for whichever connection holds the attempt when they come.
  const std::shared_ptr<RunLedger>& runs() { return runs_; }

  void release(std::int64_t attempt, const WsSession* session) {
    const std::lock_guard lock(mutex_);
    const auto found = holders_.find(attempt);
    if (found != holders_.end()) {
      const auto holder = found->second.lock();
      if (!holder || holder.get() == session) holders_.erase(found);
    }
  }

 private:
  void announce(std::int64_t attempt) {
    if (board_ == nullptr) return;
    try {
      board_->announce(JobBoard::kAttemptsChannel,
                       "opened " + std::to_string(attempt) + " " + instance_);
    } catch (const std::exception& failure) {
      // The database is away: an older connection on another daemon stays
      // open until it next fails to save (its saves also need the database).
      log(Level::Warning, "cannot announce a connection", {{"error", failure.what()}});
    }
  }

  // On a thread of its own: connections opened on other daemons, and run
  // results relayed from them.
  void watch();
  void opened_elsewhere(const std::string& payload);
  std::int64_t deliver_relayed(std::int64_t after, std::int64_t attempt);

  static constexpr std::int64_t kKeepRelayedMs = std::int64_t{10} * 60 * 1000;

  JobBoard* board_ = nullptr;
  Store* store_ = nullptr;
  std::string instance_;  // this daemon, in its announcements
  std::mutex mutex_;
  std::map<std::int64_t, std::weak_ptr<WsSession>> holders_;
  std::shared_ptr<RunLedger> runs_ = std::make_shared<RunLedger>();
  std::atomic<bool> stopping_{false};
  std::thread watcher_;
};

// One candidate connection: reads messages, answers through the protocol,
// pushes the time, and ends the attempt at its deadline. One write in
// flight; the rest wait in a bounded queue.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, CandidateContext context,
            std::shared_ptr<AttemptRegistry> registry, Metrics& metrics, ServerLimits limits)
      : ws_(std::move(socket)),
        timer_(ws_.get_executor()),
        protocol_(context.store, context.catalog, context.grading, context.batcher,
                  registry->runs(), metrics, limits.candidate),
        registry_(std::move(registry)),
        metrics_(metrics),
        limits_(limits),
        tokens_(2.0 * limits.ws_messages_per_second) {
    metrics_.connections_open++;
  }
  ~WsSession() {
    metrics_.connections_open--;
    if (const auto attempt = protocol_.attempt()) registry_->release(*attempt, this);
  }
  WsSession(const WsSession&) = delete;
  WsSession& operator=(const WsSession&) = delete;

  void run(Request request) {
    // A run's result arrives on the grading thread: it joins the queue on
    // this connection's strand, if the connection is still there.
    protocol_.set_push([weak = weak_from_this()](nlohmann::json message) {
      if (auto self = weak.lock()) {
        net::post(self->ws_.get_executor(),
                  [self, message = std::move(message)] { self->send(message); });
      }
    });
    // A save's reply, once it is on disk: then this connection reads on.
    protocol_.set_deliver([weak = weak_from_this()](nlohmann::json message) {
      if (auto self = weak.lock()) {
        net::post(self->ws_.get_executor(), [self, message = std::move(message)] {
          self->send(message);
          self->protocol_.delivered();
          self->read_on();
        });
      }
    });
    // Heartbeats: a ping after half the idle time without a word from the
    // client, and the connection counts as lost after the whole of it.
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::chrono::seconds(limits_.ws_idle_timeout_s);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.control_callback(
        [this](websocket::frame_type, beast::string_view) { last_heard_ = now_ms(); });
    ws_.read_message_max(limits_.ws_message_bytes);
    // The upgrade request must outlive the asynchronous accept.
    upgrade_ = std::move(request);
    ws_.async_accept(upgrade_,
                     beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
  }

  // From another thread: say so and close (a newer connection took over).
  void replaced() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      // From now on it acts on nothing: an old tab must not overwrite what
      // the new one saves, nor report a gap the candidate never had.
      self->replaced_ = true;
      self->send({{"type", "replaced"},
                  {"message", "this attempt was opened in another window; this one is closed"}});
      self->closing_ = true;
    });
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    refill_ = std::chrono::steady_clock::now();
    tick();
    read_on();
  }

  // Reads the next message unless something holds reading back: a save
  // whose reply waits for the disk, or replies the client has not taken
  // yet. A client that sends faster than it reads is slowed down, not cut.
  void read_on() {
    if (closed_ || reading_ || protocol_.awaiting_commit()) return;
    if (queue_.size() >= limits_.ws_queue / 2) return;
    reading_ = true;
    ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (!ec) last_heard_ = now_ms();
    if (ec) {
      if (ec == websocket::error::message_too_big) {
        log(Level::Info, "candidate message over the limit: connection closed");
      }
      finished();
      return;
    }
    const std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (replaced_) return;  // closing; a newer connection holds the attempt
    if (!take_token()) {
      nlohmann::json refused =
          CandidateSession::error("rate_limited", "too many messages; slow down");
      // Dropped, but still answered as the protocol promises: with the
      // client's id, so that it knows which message to send again.
      const nlohmann::json id = candidate_message_id(text);
      if (!id.is_null()) refused["in_reply_to"] = id;
      send(refused);
    } else {
      const auto before = protocol_.attempt();
      const std::vector<nlohmann::json> replies = protocol_.handle(text);
      // A take-over is recorded before anyone hears of it: the new tab's
      // welcome and the old tab's "replaced" both follow the event.
      if (!before && protocol_.attempt()) {
        if (auto older = registry_->claim(*protocol_.attempt(), shared_from_this())) {
          protocol_.took_over();
          older->replaced();
        }
      }
      for (const nlohmann::json& reply : replies) send(reply);
      // A save's reply waits for the disk; reading resumes when it is sent.
    }
    read_on();
  }

  // A token bucket: `ws_messages_per_second` sustained, twice that in a burst.
  bool take_token() {
    const auto now = std::chrono::steady_clock::now();
    const double rate = limits_.ws_messages_per_second;
    tokens_ =
        std::min(2 * rate, tokens_ + rate * std::chrono::duration<double>(now - refill_).count());
    refill_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

  // Every second: the deadline; every 15 s (and at 10, 5 and 1 minute
  // left): the time remaining, as the server counts it.
  void tick() {
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      self->on_tick();
      self->tick();
    });
  }

  void on_tick() {
    const auto deadline = protocol_.known_deadline();
    if (!deadline) return;
    const std::int64_t left = *deadline - now_ms();
    if (left <= 0) {
      try {
        for (const nlohmann::json& reply : protocol_.deadline_reached()) send(reply);
      } catch (const std::exception& failure) {
        log(Level::Error, "ending an attempt at its deadline failed", {{"error", failure.what()}});
      }
      return;
    }
    ++ticks_;
    for (const std::int64_t warning : {10, 5, 1}) {
      const std::int64_t mark = warning * 60 * 1000;
      if (left <= mark && last_left_ > mark) {
        send({{"type", "warning"}, {"minutes_left", warning}, {"remaining_ms", left}});
      }
    }
    if (ticks_ % 15 == 0)
      send({{"type", "time"}, {"remaining_ms", left}, {"server_time", now_ms()}});
    last_left_ = left;
  }

  void send(const nlohmann::json& message) {
    if (closed_) return;
    if (queue_.size() >= limits_.ws_queue) {
      // A client that cannot keep up is dropped rather than buffered; the
      // report shows the gap like any other lost connection.
      log(Level::Warning, "candidate connection fell behind: closed");
      finished();
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    queue_.push_back(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (queue_.size() == 1) do_write();
  }

  void do_write() {
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) {
                        self->finished();
                        return;
                      }
                      self->queue_.pop_front();
                      self->read_on();
                      if (!self->queue_.empty()) {
                        self->do_write();
                      } else if (self->closing_) {
                        self->ws_.async_close(websocket::close_code::policy_error,
                                              [self](beast::error_code) { self->finished(); });
                      }
                    });
  }

  void finished() {
    if (closed_) return;
    closed_ = true;
    timer_.cancel();
    if (!replaced_) protocol_.disconnected(last_heard_);
  }

  websocket::stream<beast::tcp_stream> ws_;
  Request upgrade_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  CandidateSession protocol_;
  std::int64_t last_heard_ = now_ms();
  // Shared: sessions may outlive the listener while the io_context winds down.
  std::shared_ptr<AttemptRegistry> registry_;
  Metrics& metrics_;
  ServerLimits limits_;
  std::deque<std::string> queue_;
  double tokens_;
  std::chrono::steady_clock::time_point refill_;
  std::int64_t last_left_ = INT64_MAX;
  std::uint64_t ticks_ = 0;
  bool reading_ = false;  // one read in flight at most
  bool closed_ = false;
  bool closing_ = false;
  bool replaced_ = false;
};

// Authors' uploads have a body limit of their own.
bool is_upload(const http::request_header<>& header) {
  return header.method() == http::verb::post && header.target().starts_with("/api/bank/");
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, Api& api, CandidateContext candidates,
              std::shared_ptr<AttemptRegistry> registry, Metrics& metrics, ServerLimits limits)
      : stream_(std::move(socket)),
        api_(api),
        candidates_(candidates),
        registry_(std::move(registry)),
        metrics_(metrics),
        limits_(limits) {
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
    reading_upload_ = false;
    parser_.emplace();
    // The largest body any request may have, until the header says which
    // kind this one is.
    parser_->body_limit(std::max(limits_.body_bytes, limits_.upload_bytes));
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(limits_.read_timeout_s));
    // The header first: an upload may have a larger body than the rest.
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) {
      on_read(ec, 0);
      return;
    }
    // Only a signed-in author or admin may send an upload's larger body.
    const bool upload = is_upload(parser_->get()) && api_.may_upload(parser_->get());
    reading_upload_ = upload;
    const std::uint64_t limit = upload ? limits_.upload_bytes : limits_.body_bytes;
    parser_->body_limit(limit);
    // Beast compares a declared length with the limit while it reads the
    // header, and that was the larger one: compare with the right one here.
    if (parser_->content_length().value_or(0) > limit) {
      on_read(http::error::body_limit, 0);
      return;
    }
    // A large upload over a slow link may take longer than a request.
    if (upload) stream_.expires_after(std::chrono::seconds(4 * limits_.read_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      Request request;
      request.version(11);
      const std::uint64_t limit = reading_upload_ ? limits_.upload_bytes : limits_.body_bytes;
      send(error_response(request, http::status::payload_too_large, "too_large",
                          "the request body is over " + std::to_string(limit) + " bytes"),
           true);
      return;
    }
    if (ec) {
      if (!harmless(ec)) log(Level::Debug, "read failed", {{"error", ec.message()}});
      close();
      return;
    }
    Request request = parser_->release();
    if (websocket::is_upgrade(request)) {
      if (request.target() == "/ws/attempt") {
        // The connection becomes the candidate's WebSocket.
        std::make_shared<WsSession>(stream_.release_socket(), candidates_, registry_, metrics_,
                                    limits_)
            ->run(std::move(request));
        return;
      }
      send(error_response(request, http::status::not_found, "not_found", "no WebSocket here"),
           true);
      return;
    }
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
  CandidateContext candidates_;
  std::shared_ptr<AttemptRegistry> registry_;
  Metrics& metrics_;
  ServerLimits limits_;
  Peer peer_;
  std::array<char, 16384> drain_buffer_{};
  bool reading_upload_ = false;  // this request's body may be an upload's size
  std::size_t drain_left_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io, const tcp::endpoint& endpoint, Api& api,
           CandidateContext candidates, Metrics& metrics, ServerLimits limits)
      : io_(io),
        acceptor_(net::make_strand(io)),
        api_(api),
        candidates_(candidates),
        metrics_(metrics),
        limits_(limits) {
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
      // Every message goes out at once. With Nagle's algorithm a push that
      // follows another one the client has not answered (a run's result
      // after its run_queued) waited for the client's delayed ACK: 40 ms
      // on Linux, up to 200 ms on other systems.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<HttpSession>(std::move(socket), api_, candidates_, registry_, metrics_,
                                    limits_)
          ->run();
    }
    do_accept();
  }

  net::io_context& io_;
  tcp::acceptor acceptor_;
  Api& api_;
  CandidateContext candidates_;
  std::shared_ptr<AttemptRegistry> registry_ =
      candidates_.board != nullptr
          ? std::make_shared<AttemptRegistry>(*candidates_.board, candidates_.store)
          : std::make_shared<AttemptRegistry>();
  Metrics& metrics_;
  ServerLimits limits_;
};

void AttemptRegistry::watch() {
  const std::unique_ptr<NoticeListener> notices = board_->listen(JobBoard::kAttemptsChannel);
  std::int64_t relayed = 0;  // the newest relayed result looked at
  try {
    relayed = board_->last_relayed();
  } catch (const std::exception& failure) {
    log(Level::Warning, "cannot read relayed results", {{"error", failure.what()}});
  }
  std::int64_t next_look = 0;
  std::int64_t next_cleanup = now_ms() + 60000;
  while (!stopping_.load()) {
    bool results = false;
    for (const std::string& payload : notices->wait(500, -1)) {
      if (payload.rfind("opened ", 0) == 0) opened_elsewhere(payload.substr(7));
      if (payload.rfind("result ", 0) == 0) results = true;
    }
    // A notice may be lost with a connection: a look every second anyway.
    // It reaches back 100 rows, since ids from the sequence may commit out
    // of order; what was pushed already is not pushed again (the ledger).
    if (results || now_ms() >= next_look) {
      next_look = now_ms() + 1000;
      relayed = std::max(relayed, deliver_relayed(std::max<std::int64_t>(0, relayed - 100), 0));
    }
    if (now_ms() >= next_cleanup) {
      next_cleanup = now_ms() + 60000;
      try {
        board_->forget_relayed(kKeepRelayedMs);
      } catch (const std::exception& failure) {
        log(Level::Warning, "cannot forget relayed results", {{"error", failure.what()}});
      }
    }
  }
}

// "<attempt> <daemon>": a connection signed in to the attempt on that
// daemon; one held here is told and closed.
void AttemptRegistry::opened_elsewhere(const std::string& payload) {
  const auto space = payload.find(' ');
  if (space == std::string::npos || payload.substr(space + 1) == instance_) return;
  std::int64_t attempt = 0;
  const auto [end, ec] = std::from_chars(payload.data(), payload.data() + space, attempt);
  if (ec != std::errc() || end != payload.data() + space) return;
  std::shared_ptr<WsSession> older;
  {
    const std::lock_guard lock(mutex_);
    const auto found = holders_.find(attempt);
    if (found == holders_.end()) return;
    older = found->second.lock();
    holders_.erase(found);
  }
  // Results of this attempt's runs in flight here now go to that daemon.
  runs_->moved_away(attempt);
  if (!older) return;
  // Recorded before the old tab is told, as on one daemon.
  try {
    store_->record_event(attempt, {now_ms(), "connection_replaced", R"({"elsewhere":true})"});
  } catch (const std::exception& failure) {
    log(Level::Warning, "could not record a take-over", {{"error", failure.what()}});
  }
  older->replaced();
}

// Relayed results after `after` (of `attempt` only, unless 0) pushed to the
// connections held here; returns the newest id looked at.
std::int64_t AttemptRegistry::deliver_relayed(std::int64_t after, std::int64_t attempt) {
  try {
    for (;;) {
      const std::vector<RelayedResult> batch = board_->relayed_since(after, attempt, 200);
      for (const RelayedResult& relayed : batch) {
        after = std::max(after, relayed.id);
        bool held = false;
        {
          const std::lock_guard lock(mutex_);
          const auto found = holders_.find(relayed.attempt);
          held = found != holders_.end() && !found->second.expired();
        }
        if (!held) continue;
        const nlohmann::json message = nlohmann::json::parse(relayed.message, nullptr, false);
        if (message.is_object()) runs_->deliver(relayed.attempt, message);
      }
      if (batch.size() < 200) return after;
    }
  } catch (const std::exception& failure) {
    log(Level::Warning, "cannot read relayed results", {{"error", failure.what()}});
  }
  return after;
}

class DeadlineSweeper : public std::enable_shared_from_this<DeadlineSweeper> {
 public:
  DeadlineSweeper(net::io_context& io, Store& store, GradingService& grading, Metrics& metrics)
      : timer_(io), store_(store), grading_(grading), metrics_(metrics) {}
  void run() {
    sweep();
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->run();
    });
  }

 private:
  void sweep() {
    try {
      const std::int64_t now = now_ms();
      for (const Invitation& overdue : store_.overdue_attempts(now)) {
        if (store_.end_attempt(overdue.id, "submitted", now)) {
          store_.record_event(overdue.id, {now, "deadline", "{}"});
          grading_.cancel(overdue.id);
          grading_.wake();
          log(Level::Info, "attempt submitted at its deadline",
              {{"attempt", std::to_string(overdue.id)}});
        }
      }
      // Links are valid for hours, and hello and start check the expiry
      // themselves: marking lapsed ones for the recruiters' lists can wait
      // for every 30th sweep.
      if (sweeps_++ % 30 == 0) {
        const std::int64_t expired = store_.expire_invitations(now);
        if (expired > 0) {
          log(Level::Info, "invitation links expired unused", {{"count", std::to_string(expired)}});
        }
      }
    } catch (const StoreError& failure) {
      // Tried again in a second; the deadlines themselves are in the store.
      metrics_.store_errors++;
      log(Level::Error, "deadline sweep failed", {{"error", failure.what()}});
    } catch (const std::exception& failure) {
      log(Level::Error, "deadline sweep failed", {{"error", failure.what()}});
    }
  }

  net::steady_timer timer_;
  Store& store_;
  GradingService& grading_;
  Metrics& metrics_;
  std::uint64_t sweeps_ = 0;
};

}  // namespace

void start_deadline_sweeper(net::io_context& io, Store& store, GradingService& grading,
                            Metrics& metrics) {
  std::make_shared<DeadlineSweeper>(io, store, grading, metrics)->run();
}

unsigned short start_server(net::io_context& io, const tcp::endpoint& endpoint, Api& api,
                            CandidateContext candidates, Metrics& metrics, ServerLimits limits) {
  auto listener = std::make_shared<Listener>(io, endpoint, api, candidates, metrics, limits);
  listener->run();
  return listener->port();
}

}  // namespace proctord
