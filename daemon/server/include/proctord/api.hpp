// The REST API for staff (admin, recruiter, author) and the service's own
// endpoints. docs/api.md is the reference. Handlers are synchronous: each
// runs on one of the server's threads and returns the whole response.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proctord/auth.hpp"
#include "proctord/bank.hpp"
#include "proctord/grading_service.hpp"
#include "proctord/http.hpp"
#include "proctord/metrics.hpp"
#include "proctord/reports.hpp"
#include "proctord/store.hpp"
#include "proctord/uploads.hpp"
#include "proctord/web.hpp"

namespace proctord {

struct ApiSettings {
  std::int64_t session_ms = std::int64_t{8} * 3600 * 1000;  // a staff session lasts a working day
  bool secure_cookies = false;                              // set behind TLS
  std::string web_dir;  // the built pages (web/build.mjs); empty: the API alone
};

class Api {
 public:
  Api(Store& store, Catalog& catalog, GradingService& grading, UploadService& uploads,
      Metrics& metrics, ApiSettings settings);
  Response handle(const Request& request, const Peer& peer);
  // Whether the request's session may upload (an admin or an author): only
  // then does its body get the upload limit instead of the usual one.
  bool may_upload(const http::fields& header);

 private:
  struct Caller {
    Account account;
    Session session;
  };

  Response route(const Request& request, const Peer& peer);
  Response healthz(const Request& request);
  Response login(const Request& request, const Peer& peer);
  Response logout(const Request& request, const Caller& caller);
  Response me(const Request& request, const Caller& caller);
  Response list_accounts(const Request& request);
  Response create_account(const Request& request);
  // POST /api/accounts/{id}/{disable|enable|reset-password}
  Response change_account(const Request& request, const Caller& caller, std::int64_t id,
                          const std::string& action);
  Response bank_index(const Request& request);
  Response bank_problem(const Request& request, const std::string& slug);
  Response list_assessments(const Request& request);
  Response create_assessment(const Request& request, const Caller& caller);
  Response get_assessment(const Request& request, std::int64_t id);
  Response create_invitation(const Request& request, std::int64_t assessment_id);
  Response list_invitations(const Request& request, std::int64_t assessment_id);
  Response change_invitation(const Request& request, std::int64_t id, const std::string& action);
  Response route_assessments(const Request& request, const Caller& caller,
                             const std::vector<std::string>& parts);
  Response route_attempts(const Request& request, const std::vector<std::string>& parts);
  Response list_attempts(const Request& request, std::int64_t assessment_id, bool csv);
  Response export_results(const Request& request, std::int64_t assessment_id);
  Response regrade_assessment(const Request& request, std::int64_t assessment_id);
  Response metrics(const Request& request);
  Response upload_problem(const Request& request, const Caller& caller);
  Response upload_mcq_set(const Request& request, const Caller& caller);
  Response route_uploads(const Request& request, const std::vector<std::string>& parts);

  // The signed-in caller, from the session cookie; nullopt if none.
  std::optional<Caller> caller(const Request& request);

  Store& store_;
  Catalog& catalog_;
  GradingService& grading_;
  UploadService& uploads_;
  Reports reports_;
  Metrics& metrics_;
  ApiSettings settings_;
  WebPages web_;
  LoginThrottle by_address_{20, std::chrono::minutes(5)};
  LoginThrottle by_email_{5, std::chrono::minutes(5)};
};

// A JSON error response: {"error": {"code": ..., "message": ...}}.
Response error_response(const Request& request, http::status status, const std::string& code,
                        const std::string& message);

}  // namespace proctord
