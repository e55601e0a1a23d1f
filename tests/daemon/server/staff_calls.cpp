#include "staff_calls.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "../test_files.hpp"

namespace proctord_test {

using nlohmann::json;

Response call(unsigned short port, http::verb verb, const std::string& target, const Staff& who,
              const json& body) {
  return request(port, verb, target, body.is_null() ? "" : body.dump(), who.cookie, who.csrf);
}

Invited invite(unsigned short port, const Staff& who, const std::string& assessment,
               const std::string& name) {
  const Response inv =
      call(port, http::verb::post, "/api/assessments/" + assessment + "/invitations", who,
           {{"candidate_name", name}, {"candidate_email", "c@example.com"}});
  EXPECT_EQ(inv.result_int(), 201) << inv.body();
  if (inv.result_int() != 201) return {};
  const json body = json::parse(inv.body());
  return {body["token"], std::to_string(body["id"].get<int>())};
}

json graded_report(unsigned short port, const Staff& who, const std::string& attempt, int seconds) {
  json report;
  for (int i = 0; i < seconds * 10; ++i) {
    report = json::parse(call(port, http::verb::get, "/api/attempts/" + attempt, who).body());
    if (report.value("graded", false)) return report;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "never graded: " << report.dump().substr(0, 500);
  return report;
}

json finished_upload(unsigned short port, const Staff& who, const Response& accepted) {
  EXPECT_EQ(accepted.result_int(), 202) << accepted.body();
  if (accepted.result_int() != 202) return json::object();
  const std::string id = std::to_string(json::parse(accepted.body())["upload"]["id"].get<int>());
  json upload;
  for (int i = 0; i < 1200; ++i) {
    upload = json::parse(
        request(port, http::verb::get, "/api/uploads/" + id, "", who.cookie).body())["upload"];
    if (upload["state"] == "published" || upload["state"] == "rejected") return upload;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "validation never ended: " << upload;
  return upload;
}

std::string submission(const std::string& problem, const std::string& kind,
                       const std::string& file) {
  return test_files::slurp(std::filesystem::path(PROCTOR_PROBLEMS_DIR) / "coding" / problem /
                           "submissions" / kind / file);
}

}  // namespace proctord_test
