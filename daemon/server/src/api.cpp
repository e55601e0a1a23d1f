#include "proctord/api.hpp"

#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "proctord/log.hpp"
#include "proctord/scoring.hpp"

namespace proctord {
namespace {

using json = nlohmann::json;
constexpr const char* kSessionCookie = "proctor_session";

Response make_response(const Request& request, http::status status) {
  Response response{status, request.version()};
  response.set(http::field::server, "proctord");
  response.set(http::field::cache_control, "no-store");
  set_security_headers(response);
  response.keep_alive(request.keep_alive());
  return response;
}

Response json_response(const Request& request, http::status status, const json& body) {
  Response response = make_response(request, status);
  response.set(http::field::content_type, "application/json");
  response.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
  response.prepare_payload();
  return response;
}

// The value of one cookie in the Cookie header, or "".
std::string cookie(const http::fields& request, const std::string& name) {
  const auto header = request.find(http::field::cookie);
  if (header == request.end()) return "";
  const std::string text(header->value());
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && (text[at] == ' ' || text[at] == ';')) ++at;
    const std::size_t end = std::min(text.find(';', at), text.size());
    const std::string pair = text.substr(at, end - at);
    const std::size_t equals = pair.find('=');
    if (equals != std::string::npos && pair.substr(0, equals) == name)
      return pair.substr(equals + 1);
    at = end + 1;
  }
  return "";
}

json account_json(const Account& a) {
  return {{"id", a.id},
          {"email", a.email},
          {"name", a.name},
          {"role", role_name(a.role)},
          {"disabled", a.disabled_at != 0}};
}

// A JSON object body, or an error response.
std::variant<json, Response> json_body(const Request& request) {
  const auto type = request.find(http::field::content_type);
  if (type == request.end() || std::string(type->value()).rfind("application/json", 0) != 0) {
    return error_response(request, http::status::unsupported_media_type, "unsupported_media_type",
                          "send the body as application/json");
  }
  try {
    json body = json::parse(request.body());
    if (!body.is_object()) {
      return error_response(request, http::status::bad_request, "bad_request",
                            "the body must be a JSON object");
    }
    return body;
  } catch (const json::parse_error& error) {
    return error_response(request, http::status::bad_request, "bad_request",
                          std::string("the body is not valid JSON: ") + error.what());
  }
}

// A required string field, or an error message.
std::optional<std::string> string_field(const json& body, const char* key, std::string& problem,
                                        std::size_t max_length = 200) {
  const auto found = body.find(key);
  if (found == body.end() || !found->is_string()) {
    problem = std::string("'") + key + "' must be a string";
    return std::nullopt;
  }
  std::string value = found->get<std::string>();
  if (value.empty() || value.size() > max_length) {
    problem =
        std::string("'") + key + "' must be 1 to " + std::to_string(max_length) + " characters";
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t at = 1;
  while (at <= path.size()) {
    const std::size_t end = std::min(path.find('/', at), path.size());
    if (end > at) parts.push_back(path.substr(at, end - at));
    at = end + 1;
  }
  return parts;
}

// Every endpoint of docs/api.md and its methods ("*": any one segment), so
// that a wrong method on a real endpoint is told so (405, with Allow)
// rather than "no such endpoint".
struct Endpoint {
  std::vector<std::string_view> pattern;
  std::string_view methods;
};
const std::vector<Endpoint>& endpoints() {
  static const std::vector<Endpoint> all = {
      {{"healthz"}, "GET"},
      {{"metrics"}, "GET"},
      {{"api", "login"}, "POST"},
      {{"api", "logout"}, "POST"},
      {{"api", "me"}, "GET"},
      {{"api", "accounts"}, "GET, POST"},
      {{"api", "accounts", "*", "disable"}, "POST"},
      {{"api", "accounts", "*", "enable"}, "POST"},
      {{"api", "accounts", "*", "reset-password"}, "POST"},
      {{"api", "bank"}, "GET"},
      {{"api", "bank", "problems"}, "POST"},
      {{"api", "bank", "problems", "*"}, "GET"},
      {{"api", "bank", "mcq-sets"}, "POST"},
      {{"api", "assessments"}, "GET, POST"},
      {{"api", "assessments", "*"}, "GET"},
      {{"api", "assessments", "*", "invitations"}, "GET, POST"},
      {{"api", "assessments", "*", "attempts"}, "GET"},
      {{"api", "assessments", "*", "attempts.csv"}, "GET"},
      {{"api", "assessments", "*", "results.json"}, "GET"},
      {{"api", "assessments", "*", "regrade"}, "POST"},
      {{"api", "invitations", "*", "revoke"}, "POST"},
      {{"api", "invitations", "*", "resend"}, "POST"},
      {{"api", "attempts", "*"}, "GET"},
      {{"api", "attempts", "*", "regrade"}, "POST"},
      {{"api", "uploads"}, "GET"},
      {{"api", "uploads", "*"}, "GET"},
  };
  return all;
}

// The methods `path` answers to ("GET, POST"), or "" when it is no endpoint.
std::string_view allowed_methods(const std::string& path) {
  const std::vector<std::string> parts = split_path(path);
  for (const Endpoint& endpoint : endpoints()) {
    if (endpoint.pattern.size() != parts.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < parts.size() && same; ++i) {
      same = endpoint.pattern[i] == "*" || endpoint.pattern[i] == parts[i];
    }
    if (same) return endpoint.methods;
  }
  return "";
}

bool allows(std::string_view methods, std::string_view method) {
  for (std::size_t at = 0; at < methods.size();) {
    const std::size_t end = std::min(methods.find(", ", at), methods.size());
    if (methods.substr(at, end - at) == method) return true;
    at = end + 2;
  }
  return false;
}

std::optional<std::int64_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

// An optional number field within [min, max], or an error message.
std::optional<double> number_field(const json& body, const char* key, double fallback, double min,
                                   double max, std::string& problem) {
  const auto found = body.find(key);
  if (found == body.end()) return fallback;
  if (!found->is_number() || found->get<double>() < min || found->get<double>() > max) {
    problem = std::string("'") + key + "' must be a number from " +
              std::to_string(static_cast<long long>(min)) + " to " +
              std::to_string(static_cast<long long>(max));
    return std::nullopt;
  }
  return found->get<double>();
}

std::optional<bool> bool_field(const json& body, const char* key, bool fallback,
                               std::string& problem) {
  const auto found = body.find(key);
  if (found == body.end()) return fallback;
  if (!found->is_boolean()) {
    problem = std::string("'") + key + "' must be true or false";
    return std::nullopt;
  }
  return found->get<bool>();
}

// The version an assessment pins for an MCQ: the hash of all it shows and keys.
std::string question_version(const grading::McqQuestion& q) {
  std::string all = q.id + '\0' + q.question + '\0' + q.explanation + '\0' + q.snippet.value_or("");
  for (const grading::McqOption& o : q.options) all += '\0' + o.text + (o.correct ? "1" : "0");
  return sha256_hex(all);
}

json assessment_json(const Assessment& a) {
  json items = json::array();
  for (const AssessmentItem& item : a.items) {
    items.push_back({{"kind", item.kind},
                     {"ref", item.ref},
                     {"version", item.version},
                     {"points", item.points}});
  }
  double total = 0;
  for (const AssessmentItem& item : a.items) total += item.points;
  return {{"id", a.id},
          {"title", a.title},
          {"duration_minutes", static_cast<double>(a.duration_s) / 60},
          {"pass_mark", a.pass_mark},
          {"negative_marking", a.negative_marking},
          {"show_sample_results", a.show_sample_results},
          {"total_points", total},
          {"created_at", a.created_at},
          {"items", items}};
}

json invitation_json(const Invitation& i) {
  return {{"id", i.id},
          {"assessment_id", i.assessment_id},
          {"candidate_name", i.candidate_name},
          {"candidate_email", i.candidate_email},
          {"status", i.status},
          {"expires_at", i.expires_at},
          {"extra_time_pct", i.extra_time_pct},
          {"created_at", i.created_at},
          {"started_at", i.started_at},
          {"deadline_at", i.deadline_at},
          {"submitted_at", i.submitted_at}};
}

bool changes_state(const Request& request) {
  const auto method = request.method();
  return method == http::verb::post || method == http::verb::put || method == http::verb::patch ||
         method == http::verb::delete_;
}

std::string session_cookie(const std::string& token, std::int64_t max_age_s, bool secure) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (secure ? "; Secure" : "");
}

}  // namespace

Response error_response(const Request& request, http::status status, const std::string& code,
                        const std::string& message) {
  return json_response(request, status, {{"error", {{"code", code}, {"message", message}}}});
}

Api::Api(Store& store, Catalog& catalog, GradingService& grading, UploadService& uploads,
         Metrics& metrics, ApiSettings settings)
    : store_(store),
      catalog_(catalog),
      grading_(grading),
      uploads_(uploads),
      reports_(store, catalog),
      metrics_(metrics),
      settings_(std::move(settings)),
      web_(settings_.web_dir) {}

Response Api::handle(const Request& request, const Peer& peer) {
  Response response;
  try {
    response = route(request, peer);
  } catch (const StoreError& error) {
    metrics_.store_errors++;
    log(Level::Error, "store failure",
        {{"error", error.what()}, {"target", std::string(request.target())}});
    response = error_response(request, http::status::service_unavailable, "store_unavailable",
                              "the service could not reach its store; nothing was changed");
  } catch (const std::exception& error) {
    log(Level::Error, "request failed",
        {{"error", error.what()}, {"target", std::string(request.target())}});
    response = error_response(request, http::status::internal_server_error, "internal",
                              "the service failed; nothing was changed");
  }
  metrics_.count_response(response.result_int());
  return response;
}

bool Api::may_upload(const http::fields& header) {
  try {
    const std::string token = cookie(header, kSessionCookie);
    if (token.empty() || token.size() > 200) return false;
    const std::optional<Session> session = store_.find_session(sha256_hex(token));
    if (!session || session->expires_at <= now_ms()) return false;
    const std::optional<Account> account = store_.find_account(session->account_id);
    return account && (account->role == Role::Admin || account->role == Role::Author);
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<Api::Caller> Api::caller(const Request& request) {
  const std::string token = cookie(request, kSessionCookie);
  if (token.empty() || token.size() > 200) return std::nullopt;
  const std::optional<Session> session = store_.find_session(sha256_hex(token));
  if (!session || session->expires_at <= now_ms()) return std::nullopt;
  const std::optional<Account> account = store_.find_account(session->account_id);
  if (!account || account->disabled_at != 0) return std::nullopt;
  return Caller{*account, *session};
}

Response Api::route(const Request& request, const Peer& peer) {
  const std::string target(request.target());
  const std::string path = target.substr(0, target.find('?'));
  const auto method = request.method();

  const std::string_view methods = allowed_methods(path);
  if (!methods.empty() && !allows(methods, request.method_string())) {
    Response refused =
        error_response(request, http::status::method_not_allowed, "method_not_allowed",
                       path + " answers " + std::string(methods) + " only");
    refused.set(http::field::allow, methods);
    return refused;
  }
  if (path == "/healthz" && method == http::verb::get) return healthz(request);
  if (path == "/metrics" && method == http::verb::get) return metrics(request);
  if (path == "/api/login") return login(request, peer);
  if (path.rfind("/api/", 0) != 0) {
    if (auto page = web_.serve(request)) return std::move(*page);
    return error_response(request, http::status::not_found, "not_found", "no such page: " + path);
  }

  // Everything else under /api needs a signed-in member of staff, and a
  // state-changing call needs the session's CSRF token as well.
  const std::optional<Caller> who = caller(request);
  if (!who) {
    return error_response(request, http::status::unauthorized, "unauthorized", "sign in first");
  }
  if (changes_state(request) && request["X-CSRF-Token"] != who->session.csrf_token) {
    return error_response(request, http::status::forbidden, "csrf",
                          "missing or wrong X-CSRF-Token header");
  }
  const Role role = who->account.role;
  const auto only = [&](bool allowed) {
    return allowed ? std::nullopt
                   : std::optional(error_response(request, http::status::forbidden, "forbidden",
                                                  "your role may not do this"));
  };

  if (path == "/api/logout" && method == http::verb::post) return logout(request, *who);
  if (path == "/api/me" && method == http::verb::get) return me(request, *who);
  if (path == "/api/accounts") {
    if (auto refused = only(role == Role::Admin)) return *refused;
    if (method == http::verb::get) return list_accounts(request);
    if (method == http::verb::post) return create_account(request);
  }
  const std::vector<std::string> parts = split_path(path);  // "api", "assessments", ...
  if (parts.size() == 4 && parts[1] == "accounts") {
    if (auto refused = only(role == Role::Admin)) return *refused;
    if (const auto id = parse_id(parts[2])) return change_account(request, *who, *id, parts[3]);
  }
  if (parts.size() >= 2 && (parts[1] == "assessments" || parts[1] == "invitations")) {
    if (auto refused = only(role == Role::Admin || role == Role::Recruiter)) return *refused;
    return route_assessments(request, *who, parts);
  }
  if (parts.size() >= 2 && parts[1] == "attempts") {
    if (auto refused = only(role == Role::Admin || role == Role::Recruiter)) return *refused;
    return route_attempts(request, parts);
  }
  if (path == "/api/bank" && method == http::verb::get) return bank_index(request);
  if ((path == "/api/bank/problems" || path == "/api/bank/mcq-sets" ||
       (parts.size() >= 2 && parts[1] == "uploads"))) {
    if (auto refused = only(role == Role::Admin || role == Role::Author)) return *refused;
    if (path == "/api/bank/problems" && method == http::verb::post) {
      return upload_problem(request, *who);
    }
    if (path == "/api/bank/mcq-sets" && method == http::verb::post) {
      return upload_mcq_set(request, *who);
    }
    if (parts[1] == "uploads" && method == http::verb::get) return route_uploads(request, parts);
  }
  const std::string problems = "/api/bank/problems/";
  if (path.rfind(problems, 0) == 0 && method == http::verb::get) {
    return bank_problem(request, path.substr(problems.size()));
  }
  return error_response(request, http::status::not_found, "not_found",
                        "no such endpoint: " + std::string(request.method_string()) + " " + path);
}

Response Api::healthz(const Request& request) {
  try {
    const int version = store_.schema_version();
    return json_response(request, http::status::ok,
                         {{"status", "ok"},
                          {"store", "ok"},
                          {"schema_version", version},
                          {"problems", catalog_.bank()->problems.size()},
                          {"mcq_sets", catalog_.bank()->mcq_sets.size()},
                          {"grading_queue", grading_.queue_depth()}});
  } catch (const StoreError& error) {
    metrics_.store_errors++;
    // Anyone may ask; the reason (a database's host and port) goes to the
    // log only.
    log(Level::Warning, "health check: the store is unavailable", {{"error", error.what()}});
    return json_response(request, http::status::service_unavailable,
                         {{"status", "degraded"}, {"store", "unavailable"}});
  }
}

Response Api::login(const Request& request, const Peer& peer) {
  auto parsed = json_body(request);
  if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
  const json& body = std::get<json>(parsed);
  std::string problem;
  const auto email = string_field(body, "email", problem);
  const auto password = email ? string_field(body, "password", problem, 1000) : std::nullopt;
  if (!email || !password)
    return error_response(request, http::status::bad_request, "bad_request", problem);

  const int wait = std::max(by_address_.retry_after(peer.address), by_email_.retry_after(*email));
  if (wait > 0) {
    Response response = error_response(request, http::status::too_many_requests, "rate_limited",
                                       "too many failed sign-ins; try again later");
    response.set(http::field::retry_after, std::to_string(wait));
    return response;
  }
  const std::optional<Account> account = store_.find_account_by_email(*email);
  // The hash is checked even for an unknown e-mail, so timing does not tell
  // which addresses have accounts.
  static const std::string decoy = hash_password(random_token());
  const bool good = verify_password(account ? account->password_hash : decoy, *password) && account;
  if (!good) {
    by_address_.failed(peer.address);
    by_email_.failed(*email);
    metrics_.login_failures++;
    log(Level::Warning, "sign-in refused", {{"email", *email}, {"address", peer.address}});
    return error_response(request, http::status::unauthorized, "bad_credentials",
                          "wrong e-mail or password");
  }
  by_address_.succeeded(peer.address);
  by_email_.succeeded(*email);
  // Said only to someone who knows the password: it tells them nothing new.
  if (account->disabled_at != 0) {
    return error_response(request, http::status::forbidden, "account_disabled",
                          "this account is disabled; ask an administrator");
  }
  const std::string token = random_token();
  Session session{sha256_hex(token), account->id, random_token(24),
                  now_ms() + settings_.session_ms};
  store_.delete_expired_sessions(now_ms());
  store_.create_session(session);
  // A reset that landed between the check and this session ended every
  // session but this one: the password is read again, and a changed one
  // (or a disabling) wins.
  const std::optional<Account> now = store_.find_account(account->id);
  if (!now || now->password_hash != account->password_hash || now->disabled_at != 0) {
    store_.delete_session(session.token_hash);
    return error_response(request, http::status::unauthorized, "bad_credentials",
                          "wrong e-mail or password");
  }
  Response response =
      json_response(request, http::status::ok,
                    {{"account", account_json(*account)}, {"csrf_token", session.csrf_token}});
  response.set(http::field::set_cookie,
               session_cookie(token, settings_.session_ms / 1000, settings_.secure_cookies));
  return response;
}

Response Api::logout(const Request& request, const Caller& caller) {
  store_.delete_session(caller.session.token_hash);
  Response response = make_response(request, http::status::no_content);
  response.set(http::field::set_cookie, session_cookie("", 0, settings_.secure_cookies));
  response.prepare_payload();
  return response;
}

Response Api::me(const Request& request, const Caller& caller) {
  return json_response(
      request, http::status::ok,
      {{"account", account_json(caller.account)}, {"csrf_token", caller.session.csrf_token}});
}

Response Api::list_accounts(const Request& request) {
  json accounts = json::array();
  for (const Account& account : store_.list_accounts()) accounts.push_back(account_json(account));
  return json_response(request, http::status::ok, {{"accounts", accounts}});
}

Response Api::create_account(const Request& request) {
  auto parsed = json_body(request);
  if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
  const json& body = std::get<json>(parsed);
  std::string problem;
  const auto email = string_field(body, "email", problem);
  const auto name = email ? string_field(body, "name", problem) : std::nullopt;
  const auto role_text = name ? string_field(body, "role", problem) : std::nullopt;
  if (!role_text) return error_response(request, http::status::bad_request, "bad_request", problem);
  const std::optional<Role> role = parse_role(*role_text);
  if (!role) {
    return error_response(request, http::status::bad_request, "bad_request",
                          "'role' must be admin, recruiter or author");
  }
  if (email->find('@') == std::string::npos) {
    return error_response(request, http::status::bad_request, "bad_request",
                          "'email' is not an e-mail address");
  }
  // Without a password in the request, one is made and shown once.
  std::string password;
  if (body.contains("password")) {
    const auto given = string_field(body, "password", problem, 1000);
    if (!given || given->size() < 12) {
      return error_response(request, http::status::bad_request, "bad_request",
                            "'password' must be at least 12 characters");
    }
    password = *given;
  } else {
    password = random_token(15);
  }
  Account account{0, *email, *name, *role, hash_password(password), now_ms()};
  try {
    account.id = store_.create_account(account);
  } catch (const Conflict&) {
    return error_response(request, http::status::conflict, "conflict",
                          "an account with this e-mail already exists");
  }
  json reply = {{"account", account_json(account)}};
  if (!body.contains("password")) reply["password"] = password;
  return json_response(request, http::status::created, reply);
}

// An admin disables a departed colleague's account (its sessions end at
// once), enables it again, or resets its password to a new one shown once
// (every session ends: whoever held one must sign in with the new one).
// An admin cannot disable their own account, so one always remains.
Response Api::change_account(const Request& request, const Caller& caller, std::int64_t id,
                             const std::string& action) {
  if (action != "disable" && action != "enable" && action != "reset-password") {
    return error_response(request, http::status::not_found, "not_found",
                          "no such endpoint: POST " + std::string(request.target()));
  }
  if (action == "disable" && id == caller.account.id) {
    return error_response(request, http::status::conflict, "conflict",
                          "you cannot disable your own account");
  }
  json reply;
  bool found = false;
  if (action == "reset-password") {
    const std::string password = random_token(15);
    found = store_.set_password_hash(id, hash_password(password));
    reply["password"] = password;
  } else {
    found = store_.set_account_disabled(id, action == "disable" ? now_ms() : 0);
  }
  if (!found)
    return error_response(request, http::status::not_found, "not_found", "no such account");
  log(Level::Info, "account changed",
      {{"account", std::to_string(id)}, {"action", action}, {"by", caller.account.email}});
  reply["account"] = account_json(*store_.find_account(id));
  return json_response(request, http::status::ok, reply);
}

Response Api::bank_index(const Request& request) {
  const std::shared_ptr<const Bank> bank = catalog_.bank();
  json problems = json::array();
  for (const auto& [slug, shared] : bank->problems) {
    const grading::Problem& p = *shared;
    problems.push_back({{"slug", slug},
                        {"name", p.name},
                        {"kind", grading::kind_name(p.kind)},
                        {"difficulty", p.difficulty},
                        {"tags", p.tags},
                        {"points", p.points},
                        {"guide_question", p.guide_question},
                        {"version", p.content_hash}});
  }
  json sets = json::array();
  for (const auto& [id, set] : bank->mcq_sets) {
    json questions = json::array();
    for (const grading::McqQuestion& q : set.questions) {
      json options = json::array();
      for (const grading::McqOption& o : q.options) {
        options.push_back({{"text", o.text}, {"correct", o.correct}});
      }
      questions.push_back({{"id", q.id},
                           {"difficulty", q.difficulty},
                           {"tags", q.tags},
                           {"question", q.question},
                           {"snippet", q.snippet ? json(*q.snippet) : json()},
                           {"multiple", q.multiple()},
                           {"options", options},
                           {"explanation", q.explanation}});
    }
    sets.push_back({{"id", id}, {"title", set.title}, {"questions", questions}});
  }
  return json_response(request, http::status::ok, {{"problems", problems}, {"mcq_sets", sets}});
}

Response Api::bank_problem(const Request& request, const std::string& slug) {
  const std::shared_ptr<const Bank> bank = catalog_.bank();
  const auto found = bank->problems.find(slug);
  if (found == bank->problems.end()) {
    return error_response(request, http::status::not_found, "not_found",
                          "no problem '" + slug + "'");
  }
  const grading::Problem& p = *found->second;
  json samples = json::array();
  for (const grading::TestCase& test : p.tests) {
    if (!test.sample) continue;
    samples.push_back({{"name", test.name},
                       {"input", grading::read_file(test.input)},
                       {"answer", grading::read_file(test.answer)}});
  }
  return json_response(request, http::status::ok,
                       {{"slug", slug},
                        {"name", p.name},
                        {"kind", grading::kind_name(p.kind)},
                        {"entry", p.entry},
                        {"statement", p.statement},
                        {"starter", p.starter},
                        {"time_limit_s", p.time_limit_s},
                        {"memory_mb", p.memory_mb},
                        {"points", p.points},
                        {"version", p.content_hash},
                        {"samples", samples}});
}

}  // namespace proctord

namespace proctord {

Response Api::route_assessments(const Request& request, const Caller& caller,
                                const std::vector<std::string>& parts) {
  const auto method = request.method();
  const auto not_found = [&] {
    return error_response(request, http::status::not_found, "not_found", "no such endpoint");
  };
  if (parts[1] == "assessments") {
    if (parts.size() == 2) {
      if (method == http::verb::get) return list_assessments(request);
      if (method == http::verb::post) return create_assessment(request, caller);
      return not_found();
    }
    const std::optional<std::int64_t> id = parse_id(parts[2]);
    if (!id) return not_found();
    if (parts.size() == 3 && method == http::verb::get) return get_assessment(request, *id);
    if (parts.size() == 4 && parts[3] == "invitations") {
      if (method == http::verb::get) return list_invitations(request, *id);
      if (method == http::verb::post) return create_invitation(request, *id);
    }
    if (parts.size() == 4 && method == http::verb::get &&
        (parts[3] == "attempts" || parts[3] == "attempts.csv")) {
      return list_attempts(request, *id, parts[3] == "attempts.csv");
    }
    if (parts.size() == 4 && method == http::verb::get && parts[3] == "results.json") {
      return export_results(request, *id);
    }
    if (parts.size() == 4 && parts[3] == "regrade" && method == http::verb::post) {
      return regrade_assessment(request, *id);
    }
    return not_found();
  }
  // /api/invitations/{id}/{revoke|resend}
  if (parts.size() == 4 && method == http::verb::post) {
    const std::optional<std::int64_t> id = parse_id(parts[2]);
    if (id && (parts[3] == "revoke" || parts[3] == "resend"))
      return change_invitation(request, *id, parts[3]);
  }
  return not_found();
}

Response Api::list_assessments(const Request& request) {
  json all = json::array();
  for (const Assessment& a : store_.list_assessments()) {
    json entry = assessment_json(a);
    json counts = json::object();
    for (const Invitation& i : store_.list_invitations(a.id))
      counts[i.status] = counts.value(i.status, 0) + 1;
    entry["invitations"] = counts;
    all.push_back(entry);
  }
  return json_response(request, http::status::ok, {{"assessments", all}});
}

Response Api::create_assessment(const Request& request, const Caller& caller) {
  auto parsed = json_body(request);
  if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
  const json& body = std::get<json>(parsed);
  std::string problem;
  const auto bad = [&](const std::string& message) {
    return error_response(request, http::status::bad_request, "bad_request", message);
  };
  const auto title = string_field(body, "title", problem);
  if (!title) return bad(problem);
  // Fractions of a minute are allowed (short rehearsals, tests).
  const auto minutes = number_field(body, "duration_minutes", 0, 0.05, 600, problem);
  const auto pass_mark =
      minutes ? number_field(body, "pass_mark", 50, 0, 100, problem) : std::nullopt;
  const auto negative =
      pass_mark ? bool_field(body, "negative_marking", false, problem) : std::nullopt;
  const auto samples =
      negative ? bool_field(body, "show_sample_results", true, problem) : std::nullopt;
  if (!samples) return bad(problem);
  if (!body.contains("duration_minutes")) return bad("'duration_minutes' is required");
  const auto items = body.find("items");
  if (items == body.end() || !items->is_array() || items->empty() || items->size() > 50) {
    return bad("'items' must be a list of 1 to 50 questions");
  }
  Assessment a;
  a.title = *title;
  a.created_by = caller.account.id;
  a.duration_s = static_cast<std::int64_t>(*minutes * 60);
  a.pass_mark = *pass_mark;
  a.negative_marking = *negative;
  a.show_sample_results = *samples;
  a.created_at = now_ms();
  const std::shared_ptr<const Bank> bank = catalog_.bank();
  std::vector<ProblemPtr> to_pin;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    const std::string where = "items[" + std::to_string(i) + "]: ";
    if (!item.is_object()) return bad(where + "must be an object");
    AssessmentItem pinned;
    if (item.contains("problem") && item["problem"].is_string()) {
      const auto found = bank->problems.find(item["problem"].get<std::string>());
      if (found == bank->problems.end())
        return bad(where + "no problem '" + item["problem"].get<std::string>() + "'");
      pinned = {"problem", found->first, found->second->content_hash, found->second->points, ""};
      to_pin.push_back(found->second);
    } else if (item.contains("mcq") && item["mcq"].is_string()) {
      const std::string ref = item["mcq"];
      const grading::McqQuestion* question = find_mcq(*bank, ref);
      if (question == nullptr) {
        std::string message = where;
        message.append("no MCQ '").append(ref).append("' (write it as set/question-id)");
        return bad(message);
      }
      pinned = {"mcq", ref, question_version(*question), 1, mcq_snapshot(*question).dump()};
    } else {
      return bad(where + "needs \"problem\": slug or \"mcq\": \"set/question-id\"");
    }
    const auto points = number_field(item, "points", pinned.points, 0.5, 1000, problem);
    if (!points) return bad(where + problem);
    pinned.points = *points;
    a.items.push_back(pinned);
  }
  // The packages are kept before the assessment exists, so that every
  // assessment can always be graded and regraded exactly.
  for (const ProblemPtr& pinned_problem : to_pin) catalog_.pin(*pinned_problem);
  a.id = store_.create_assessment(a);
  return json_response(request, http::status::created, assessment_json(a));
}

Response Api::get_assessment(const Request& request, std::int64_t id) {
  const std::optional<Assessment> a = store_.find_assessment(id);
  if (!a)
    return error_response(request, http::status::not_found, "not_found", "no such assessment");
  return json_response(request, http::status::ok, assessment_json(*a));
}

Response Api::create_invitation(const Request& request, std::int64_t assessment_id) {
  if (!store_.find_assessment(assessment_id)) {
    return error_response(request, http::status::not_found, "not_found", "no such assessment");
  }
  auto parsed = json_body(request);
  if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
  const json& body = std::get<json>(parsed);
  std::string problem;
  const auto name = string_field(body, "candidate_name", problem);
  const auto email = name ? string_field(body, "candidate_email", problem) : std::nullopt;
  const auto hours =
      email ? number_field(body, "expires_in_hours", 72, 1, 24 * 60, problem) : std::nullopt;
  const auto extra =
      hours ? number_field(body, "extra_time_pct", 0, 0, 200, problem) : std::nullopt;
  if (!extra) return error_response(request, http::status::bad_request, "bad_request", problem);
  if (email->find('@') == std::string::npos) {
    return error_response(request, http::status::bad_request, "bad_request",
                          "'candidate_email' is not an e-mail address");
  }
  const std::string token = random_token();
  Invitation invitation;
  invitation.assessment_id = assessment_id;
  invitation.candidate_name = *name;
  invitation.candidate_email = *email;
  invitation.token_hash = sha256_hex(token);
  invitation.created_at = now_ms();
  invitation.expires_at = invitation.created_at + static_cast<std::int64_t>(*hours * 3600 * 1000);
  invitation.extra_time_pct = static_cast<int>(*extra);
  invitation.id = store_.create_invitation(invitation);
  json reply = invitation_json(invitation);
  // The token is shown once, in the link; only its hash is stored.
  reply["token"] = token;
  reply["link"] = "/take/" + token;
  return json_response(request, http::status::created, reply);
}

Response Api::list_invitations(const Request& request, std::int64_t assessment_id) {
  if (!store_.find_assessment(assessment_id)) {
    return error_response(request, http::status::not_found, "not_found", "no such assessment");
  }
  json all = json::array();
  for (const Invitation& i : store_.list_invitations(assessment_id))
    all.push_back(invitation_json(i));
  return json_response(request, http::status::ok, {{"invitations", all}});
}

Response Api::change_invitation(const Request& request, std::int64_t id,
                                const std::string& action) {
  const std::optional<Invitation> found = store_.find_invitation(id);
  if (!found)
    return error_response(request, http::status::not_found, "not_found", "no such invitation");
  if (action == "revoke") {
    if (!store_.revoke_invitation(id)) {
      return error_response(
          request, http::status::conflict, "conflict",
          "the invitation is " + found->status + "; only an unstarted one can be revoked");
    }
    return json_response(request, http::status::ok, invitation_json(*store_.find_invitation(id)));
  }
  // resend: a new token (the old link stops working) and a fresh expiry,
  // `expires_in_hours` from now (default 72, as for a new invitation). (It
  // was once the old link's span again, counted from its creation: every
  // resend lengthened it, and one of a link cut short made a dead link.)
  double hours = 72;
  if (!request.body().empty()) {
    auto parsed = json_body(request);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    std::string problem;
    const auto given =
        number_field(std::get<json>(parsed), "expires_in_hours", 72, 1, 24 * 60, problem);
    if (!given) return error_response(request, http::status::bad_request, "bad_request", problem);
    hours = *given;
  }
  const std::string token = random_token();
  const std::int64_t expires = now_ms() + static_cast<std::int64_t>(hours * 3600 * 1000);
  if (!store_.replace_invitation_token(id, sha256_hex(token), expires)) {
    return error_response(
        request, http::status::conflict, "conflict",
        "the invitation is " + found->status + "; a started attempt keeps its link");
  }
  json reply = invitation_json(*store_.find_invitation(id));
  reply["token"] = token;
  reply["link"] = "/take/" + token;
  return json_response(request, http::status::ok, reply);
}

}  // namespace proctord

namespace proctord {

// The scrape must work while the store is away, since that is when
// proctord_store_errors_total matters: the attempts gauge is then left out
// and proctord_store_up says why.
Response Api::metrics(const Request& request) {
  std::string extra;
  bool store_up = true;
  try {
    std::string attempts;
    for (const auto& [status, count] : store_.count_attempts_by_status()) {
      attempts += "proctord_attempts{state=\"" + status + "\"} " + std::to_string(count) + "\n";
    }
    extra =
        "# HELP proctord_attempts Invitations and attempts by state.\n"
        "# TYPE proctord_attempts gauge\n" +
        attempts;
  } catch (const StoreError& failure) {
    metrics_.store_errors++;
    store_up = false;
    log(Level::Warning, "metrics without the store", {{"error", failure.what()}});
  }
  extra +=
      "# HELP proctord_store_up Whether the store answered this scrape (1) or not (0).\n"
      "# TYPE proctord_store_up gauge\n"
      "proctord_store_up " +
      std::string(store_up ? "1" : "0") + "\n";
  Response response = make_response(request, http::status::ok);
  response.set(http::field::content_type, "text/plain; version=0.0.4");
  response.body() = metrics_.render(extra);
  response.prepare_payload();
  return response;
}

Response Api::list_attempts(const Request& request, std::int64_t assessment_id, bool csv) {
  const std::optional<Assessment> assessment = store_.find_assessment(assessment_id);
  if (!assessment) {
    return error_response(request, http::status::not_found, "not_found", "no such assessment");
  }
  if (!csv) return json_response(request, http::status::ok, reports_.attempts(*assessment));
  Response response = make_response(request, http::status::ok);
  response.set(http::field::content_type, "text/csv; charset=utf-8");
  response.set(http::field::content_disposition,
               "attachment; filename=\"assessment-" + std::to_string(assessment_id) + ".csv\"");
  response.body() = reports_.attempts_csv(*assessment);
  response.prepare_payload();
  return response;
}

// Every attempt's whole report in one download: the JSON counterpart of
// the CSV, with every test result.
Response Api::export_results(const Request& request, std::int64_t assessment_id) {
  const std::optional<Assessment> assessment = store_.find_assessment(assessment_id);
  if (!assessment) {
    return error_response(request, http::status::not_found, "not_found", "no such assessment");
  }
  json reports = json::array();
  for (const Invitation& invitation : store_.list_invitations(assessment_id)) {
    if (std::optional<json> report = reports_.report(invitation.id)) {
      reports.push_back(std::move(*report));
    }
  }
  const json body = {{"assessment", assessment_json(*assessment)},
                     {"exported_at", now_ms()},
                     {"attempts", std::move(reports)}};
  Response response = json_response(request, http::status::ok, body);
  response.set(
      http::field::content_disposition,
      "attachment; filename=\"assessment-" + std::to_string(assessment_id) + "-results.json\"");
  return response;
}

Response Api::regrade_assessment(const Request& request, std::int64_t assessment_id) {
  if (!store_.find_assessment(assessment_id)) {
    return error_response(request, http::status::not_found, "not_found", "no such assessment");
  }
  const std::int64_t queued = store_.request_assessment_regrade(assessment_id);
  grading_.wake();
  return json_response(request, http::status::accepted, {{"regrading", queued}});
}

// /api/attempts/{id} (the report) and /api/attempts/{id}/regrade.
Response Api::route_attempts(const Request& request, const std::vector<std::string>& parts) {
  const std::optional<std::int64_t> id = parts.size() >= 3 ? parse_id(parts[2]) : std::nullopt;
  if (!id) return error_response(request, http::status::not_found, "not_found", "no such endpoint");
  if (parts.size() == 3 && request.method() == http::verb::get) {
    const std::optional<json> report = reports_.report(*id);
    if (!report)
      return error_response(request, http::status::not_found, "not_found", "no such attempt");
    return json_response(request, http::status::ok, *report);
  }
  if (parts.size() == 4 && parts[3] == "regrade" && request.method() == http::verb::post) {
    const std::optional<Invitation> attempt = store_.find_invitation(*id);
    if (!attempt)
      return error_response(request, http::status::not_found, "not_found", "no such attempt");
    if (store_.request_regrade(*id) == 0) {
      return error_response(
          request, http::status::conflict, "conflict",
          "the attempt is " + attempt->status + "; only a submitted one is graded");
    }
    grading_.wake();
    return json_response(request, http::status::accepted, {{"regrading", 1}});
  }
  return error_response(request, http::status::not_found, "not_found", "no such endpoint");
}

}  // namespace proctord

namespace proctord {
namespace {

json upload_json(const UploadStatus& status) {
  return {{"id", status.id},
          {"kind", status.kind},
          {"name", status.name},
          {"state", status.state},
          {"report", status.report},
          {"account", status.account},
          {"created_at", status.created_at},
          {"finished_at", status.finished_at}};
}

// The value of `name` in the query string ("" if absent). Only plain
// characters are expected (a slug), so no percent-decoding.
std::string query_value(const Request& request, const std::string& name) {
  const std::string target(request.target());
  const auto question = target.find('?');
  if (question == std::string::npos) return "";
  std::istringstream pairs(target.substr(question + 1));
  for (std::string pair; std::getline(pairs, pair, '&');) {
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
  }
  return "";
}

Response upload_reply(const Request& request,
                      const std::variant<UploadStatus, UploadRefused>& outcome) {
  if (const auto* refused = std::get_if<UploadRefused>(&outcome)) {
    return error_response(request, static_cast<http::status>(refused->status),
                          refused->status == 503 ? "busy" : "bad_upload", refused->message);
  }
  return json_response(request, http::status::accepted,
                       {{"upload", upload_json(std::get<UploadStatus>(outcome))}});
}

}  // namespace

// A problem package: an archive body (zip, tar or tar.gz, recognised by its
// bytes; ?slug= names it unless it has one top folder), or JSON
// {"slug", "files": {"path": "text"}}.
Response Api::upload_problem(const Request& request, const Caller& caller) {
  ProblemUpload upload;
  const std::string type(request[http::field::content_type]);
  if (type.rfind("application/json", 0) == 0) {
    auto parsed = json_body(request);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    const json& body = std::get<json>(parsed);
    upload.slug = body.value("slug", "");
    const auto files = body.find("files");
    if (files == body.end() || !files->is_object() || files->empty()) {
      return error_response(request, http::status::bad_request, "bad_upload",
                            "'files' must map each file's path to its text");
    }
    for (const auto& [path, content] : files->items()) {
      if (!content.is_string()) {
        return error_response(request, http::status::bad_request, "bad_upload",
                              "file '" + path.substr(0, 100) + "' must be text");
      }
      upload.files.emplace_back(path, content.get<std::string>());
    }
  } else {
    if (upload::detect_format(request.body()) == upload::Format::Unknown) {
      return error_response(request, http::status::bad_request, "bad_upload",
                            "send a zip, tar or tar.gz archive, or JSON with the files");
    }
    upload.slug = query_value(request, "slug");
    upload.archive = request.body();
  }
  return upload_reply(request, uploads_.submit_problem(upload, caller.account.id));
}

// An MCQ set: the YAML file as the body.
Response Api::upload_mcq_set(const Request& request, const Caller& caller) {
  return upload_reply(request, uploads_.submit_mcq_set(request.body(), caller.account.id));
}

// GET /api/uploads (recent ones) and GET /api/uploads/{id}.
Response Api::route_uploads(const Request& request, const std::vector<std::string>& parts) {
  if (parts.size() == 2) {
    json all = json::array();
    for (const UploadStatus& status : uploads_.recent()) all.push_back(upload_json(status));
    return json_response(request, http::status::ok, {{"uploads", all}});
  }
  const std::optional<std::int64_t> id = parts.size() == 3 ? parse_id(parts[2]) : std::nullopt;
  const std::optional<UploadStatus> status = id ? uploads_.status(*id) : std::nullopt;
  if (!status)
    return error_response(request, http::status::not_found, "not_found", "no such upload");
  return json_response(request, http::status::ok, {{"upload", upload_json(*status)}});
}

}  // namespace proctord
