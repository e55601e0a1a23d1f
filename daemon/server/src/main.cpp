// proctord: the service recruiters and candidates talk to. See README.md,
// docs/api.md and docs/operations.md.
#include <sys/resource.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include "proctord/api.hpp"
#include "proctord/bank.hpp"
#include "proctord/config.hpp"
#include "proctord/grading_service.hpp"
#include "proctord/job_board.hpp"
#include "proctord/liveness.hpp"
#include "proctord/log.hpp"
#include "proctord/remote_grader.hpp"
#include "proctord/server.hpp"
#include "proctord/store.hpp"
#include "proctord/uploads.hpp"
#include "proctord/write_batcher.hpp"
#include "pysandbox/pool.hpp"

namespace {

namespace net = boost::asio;

// On first start there is no account: make the admin, with a password shown
// once here and stored only as its Argon2id hash.
void create_first_admin(proctord::Store& store, const std::string& email) {
  if (store.count_accounts() > 0) return;
  const std::string password = proctord::random_token(15);
  proctord::Account admin{0,
                          email,
                          "Administrator",
                          proctord::Role::Admin,
                          proctord::hash_password(password),
                          proctord::now_ms()};
  store.create_account(admin);
  std::cout << "created the admin account " << email << " with the one-time password: " << password
            << "\n(it is shown only now; sign in and create accounts for your team)" << std::endl;
}

// An admin who lost their password (or the only admin's account, disabled
// by another admin who then left): a new one-time password, on the machine
// that holds the data. Its sessions end; the account is enabled again.
int reset_password(const proctord::Config& config) {
  if (config.store.empty() &&
      !std::filesystem::exists(std::filesystem::path(config.data_dir) / "proctord.db")) {
    std::cerr << "proctord: no database in " << config.data_dir << " (give --data-dir)\n";
    return 1;
  }
  const auto store = proctord::open_store(config.store, config.data_dir);
  const std::optional<proctord::Account> account =
      store->find_account_by_email(config.reset_password);
  if (!account) {
    std::cerr << "proctord: no account has the e-mail " << config.reset_password << "\n";
    return 1;
  }
  const std::string password = proctord::random_token(15);
  store->set_password_hash(account->id, proctord::hash_password(password));
  store->set_account_disabled(account->id, 0);
  proctord::log(proctord::Level::Info, "password reset from the command line",
                {{"account", account->email}});
  std::cout << "new one-time password for " << account->email << ": " << password
            << "\n(it is shown only now; every session of this account has ended)" << std::endl;
  return 0;
}

proctord::Level parse_level(const std::string& name) {
  if (name == "debug") return proctord::Level::Debug;
  if (name == "warning") return proctord::Level::Warning;
  if (name == "error") return proctord::Level::Error;
  return proctord::Level::Info;
}

// Every connection is a descriptor: take the whole allowance the operator
// gave (the soft limit is often 1024, the hard one far higher).
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      proctord::log(proctord::Level::Warning, "cannot raise the descriptor limit");
    }
  }
}

unsigned or_cores(unsigned wanted) {
  return wanted > 0 ? wanted : std::max(1U, std::thread::hardware_concurrency());
}

std::atomic<bool> g_stop{false};

extern "C" void request_stop(int) {
  g_stop.store(true);
}

proctord::Catalog load_catalog(const proctord::Config& config) {
  const std::filesystem::path data(config.data_dir);
  proctord::Bank bank = proctord::load_bank(config.problems);
  proctord::overlay(bank, proctord::load_bank(data / "bank"));  // published uploads
  return proctord::Catalog(std::move(bank), data / "versions");
}

// --role grader: no listening socket; jobs from the database until SIGTERM.
int serve_grader(const proctord::Config& config) {
  const auto mode = config.warm_sandbox ? pysandbox::Pool::Mode::Warm : pysandbox::Pool::Mode::Cold;
  pysandbox::Pool pool(or_cores(config.graders), mode);
  std::filesystem::create_directories(config.data_dir);
  const std::filesystem::path data(config.data_dir);
  const auto store = proctord::open_store(config.store, config.data_dir);
  proctord::JobBoard* board = proctord::job_board(*store);
  if (board == nullptr) throw std::runtime_error("a grader needs a PostgreSQL store");
  proctord::Catalog catalog = load_catalog(config);
  catalog.share_through(*board);
  const std::string owner = proctord::grader_name();
  const std::int64_t lease_ms = std::int64_t{config.lease_seconds} * 1000;
  proctord::Metrics metrics;
  proctord::GradingSettings settings;
  settings.max_interactive = std::size_t{1} << 20U;  // bounded by what the grader claims
  settings.cache_dir = data / "generated";
  settings.role = proctord::GradingSettings::Role::Grader;
  settings.board = board;
  settings.owner = owner;
  settings.lease_ms = lease_ms;
  proctord::GradingService grading(pool, *store, catalog, metrics, settings);
  grading.start();
  proctord::RemoteGraderSettings grader_settings;
  grader_settings.owner = owner;
  grader_settings.lease_ms = lease_ms;
  grader_settings.max_tries = settings.max_tries;
  // Enough that the pool never idles between claims, few enough that one
  // grader does not hoard what another could run now.
  grader_settings.max_claimed = 2 * pool.size();
  proctord::RemoteGrader grader(*board, grading, catalog, grader_settings);
  if (std::signal(SIGINT, request_stop) == SIG_ERR ||
      std::signal(SIGTERM, request_stop) == SIG_ERR) {
    throw std::runtime_error("cannot catch SIGTERM");
  }
  std::cout << "proctord grader " << owner << " claiming jobs with " << pool.size()
            << " sandbox workers" << std::endl;
  grader.run(g_stop);
  grading.stop();
  proctord::log(proctord::Level::Info, "grader stopped");
  return 0;
}

int serve(const proctord::Config& config) {
  proctord::set_log_level(parse_level(config.log_level));
  raise_descriptor_limit();
  if (config.role == "grader") return serve_grader(config);
  if (!config.reset_password.empty()) return reset_password(config);
  // The sandbox workers are forked first, while this process has one thread
  // and nothing open that they should not inherit. A daemon that leaves
  // grading to graders keeps one idle cold worker: the service is built
  // around a pool, and a cold one costs a process and no interpreter.
  const auto mode = config.warm_sandbox ? pysandbox::Pool::Mode::Warm : pysandbox::Pool::Mode::Cold;
  pysandbox::Pool pool(config.remote_grading ? 1 : or_cores(config.graders),
                       config.remote_grading ? pysandbox::Pool::Mode::Cold : mode);
  // Authors' uploads are validated on a worker of their own, so that a
  // long validation never holds up candidates' runs.
  pysandbox::Pool upload_pool(1, mode);
  std::filesystem::create_directories(config.data_dir);
  const std::filesystem::path data(config.data_dir);
  const auto store = proctord::open_store(config.store, config.data_dir);
  create_first_admin(*store, config.admin_email);
  proctord::Catalog catalog = load_catalog(config);
  proctord::JobBoard* board = proctord::job_board(*store);
  // Over PostgreSQL, every version pinned here is kept in the database, so
  // that graders and other daemons have it.
  if (board != nullptr) catalog.share_through(*board);
  proctord::log(proctord::Level::Info, "bank loaded",
                {{"problems", std::to_string(catalog.bank()->problems.size())},
                 {"mcq_sets", std::to_string(catalog.bank()->mcq_sets.size())}});

  proctord::Metrics metrics;
  proctord::WriteBatcher batcher(*store, metrics);
  batcher.start();
  proctord::GradingSettings grading_settings;
  grading_settings.max_interactive = config.grading_queue;
  grading_settings.cache_dir = data / "generated";
  if (config.remote_grading) {
    grading_settings.role = proctord::GradingSettings::Role::Remote;
    grading_settings.board = board;
  }
  proctord::GradingService grading(pool, *store, catalog, metrics, grading_settings);
  grading.start();
  upload::Limits upload_limits;
  upload_limits.max_total_bytes =
      std::max<std::size_t>(upload_limits.max_total_bytes, 4 * config.upload_bytes);
  proctord::UploadService uploads(upload_pool, catalog, {data, upload_limits, 4});
  uploads.start();
  proctord::Api api(*store, catalog, grading, uploads, metrics,
                    proctord::ApiSettings{8LL * 3600 * 1000, config.secure_cookies, config.web});
  const unsigned threads = or_cores(config.threads);
  net::io_context io(static_cast<int>(threads));
  std::string host;
  unsigned short port = 0;
  proctord::split_listen(config.listen, host, port);
  const net::ip::tcp::endpoint endpoint(net::ip::make_address(host), port);
  proctord::ServerLimits limits;
  limits.body_bytes = config.body_bytes;
  limits.upload_bytes = config.upload_bytes;
  limits.candidate.outage_credit_ms = std::int64_t{config.outage_credit_minutes} * 60 * 1000;
  // One daemon per data folder: the connections it held when it last
  // stopped (a crash, a kill, a restart) are recorded as lost then.
  if (board == nullptr) {
    const std::filesystem::path alive = data / "alive";
    const std::optional<std::int64_t> ended = proctord::last_alive(alive);
    const int held = proctord::hold_data_folder(alive);
    if (ended) {
      const std::size_t lost = proctord::record_lost_connections(*store, *ended);
      if (lost > 0) {
        proctord::log(proctord::Level::Info, "connections lost when proctord last stopped",
                      {{"attempts", std::to_string(lost)}});
      }
    }
    proctord::start_heartbeat(io, held);
  }
  const unsigned short bound = proctord::start_server(
      io, endpoint, api, proctord::CandidateContext{*store, catalog, grading, batcher, board},
      metrics, limits);
  // Attempts whose deadline passed while the service was down are submitted
  // now; from then on, every second. Submitted attempts left ungraded by a
  // crash are graded by the grading service's first look at the store.
  proctord::start_deadline_sweeper(io, *store, grading, metrics);
  const std::string shown_host = endpoint.address().is_v6() ? "[" + host + "]" : host;
  std::cout << "proctord listening on http://" << shown_host << ":" << bound << "/" << std::endl;

  net::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&io](const boost::system::error_code&, int) { io.stop(); });
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& worker : workers) worker.join();
  grading.stop();
  uploads.stop();
  batcher.stop();  // what waits is committed before the store closes
  proctord::log(proctord::Level::Info, "stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = proctord::parse_config(std::vector<std::string>(argv + 1, argv + argc));
  if (const auto* error = std::get_if<proctord::ConfigError>(&parsed)) {
    std::cerr << "proctord: " << error->message << "\n" << proctord::config_usage();
    return 2;
  }
  try {
    return serve(std::get<proctord::Config>(parsed));
  } catch (const std::exception& error) {
    proctord::log(proctord::Level::Error, "cannot start", {{"error", error.what()}});
    return 1;
  }
}
