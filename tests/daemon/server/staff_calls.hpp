// What several proctord tests do as staff over the REST API: calls as a
// signed-in member of staff, invitations, waiting for a grade or for an
// upload's validation, and the bank's reference submissions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "proctord_process.hpp"

namespace proctord_test {

// A request as `who` (their cookie and CSRF token), with a JSON body.
Response call(unsigned short port, http::verb verb, const std::string& target, const Staff& who,
              const nlohmann::json& body = nullptr);

// An invitation to an assessment: the link's token and the attempt's id.
struct Invited {
  std::string token;
  std::string attempt;
};
Invited invite(unsigned short port, const Staff& who, const std::string& assessment,
               const std::string& name);

// The attempt's report once it says it is graded (a test failure after
// `seconds`).
nlohmann::json graded_report(unsigned short port, const Staff& who, const std::string& attempt,
                             int seconds = 90);

// An accepted (202) upload followed until it is published or rejected.
nlohmann::json finished_upload(unsigned short port, const Staff& who, const Response& accepted);

// A reference submission of a bank problem: submissions/<kind>/<file>.
std::string submission(const std::string& problem, const std::string& kind,
                       const std::string& file);

}  // namespace proctord_test
