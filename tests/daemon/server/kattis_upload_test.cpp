// Kattis packages through a real proctord's authors' upload: converted, then
// validated in the sandbox and published only when sound; a package proctor
// exported keeps its version; one proctor cannot judge is refused at once.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../test_files.hpp"
#include "proctord_process.hpp"
#include "staff_calls.hpp"

namespace proctord_test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_files::slurp;
using test_files::TempDir;

const fs::path kFixture = fs::path(PROCTOR_KATTIS_FIXTURES) / "kattis-hypotenuse";

// The fixture under a folder `slug`, changed by `spoil`, zipped by Python's
// zipfile (another writer than ours).
std::string zipped_fixture(const TempDir& work, const std::string& slug,
                           const std::function<void(const fs::path&)>& spoil = {}) {
  const fs::path copy = work.path() / slug;
  fs::copy(kFixture, copy, fs::copy_options::recursive);
  if (spoil) spoil(copy);
  const std::string command =
      "/usr/bin/python3 -c \"import shutil, sys; shutil.make_archive("
      "sys.argv[1], 'zip', sys.argv[2], sys.argv[3])\" " +
      (work.path() / slug).string() + " " + work.path().string() + " " + slug;
  EXPECT_EQ(std::system(command.c_str()), 0);
  return slurp(work.path() / (slug + ".zip"));
}

Response upload(unsigned short port, const Staff& who, const std::string& body,
                const std::string& query = "") {
  return request(port, http::verb::post, "/api/bank/problems" + query, body, who.cookie, who.csrf,
                 "application/zip");
}

int status_of(unsigned short port, const Staff& who, const std::string& slug) {
  return request(port, http::verb::get, "/api/bank/problems/" + slug, "", who.cookie).result_int();
}

TEST(KattisUploads, ConvertedValidatedAndPublishedOnlyWhenSound) {
  TempDir work;
  ProctordProcess server;
  const unsigned short port = server.port();
  const Staff admin = sign_in(port, "admin@localhost", server.admin_password());

  const json published =
      finished_upload(port, admin, upload(port, admin, zipped_fixture(work, "hypotenuse")));
  EXPECT_EQ(published["state"], "published") << published["report"];
  const std::string report = published.value("report", "");
  EXPECT_NE(report.find("converted from a Kattis package"), std::string::npos) << report;
  EXPECT_NE(report.find("input_validators/validate.py: not carried over"), std::string::npos)
      << report;
  const json problem = json::parse(
      request(port, http::verb::get, "/api/bank/problems/hypotenuse", "", admin.cookie).body());
  EXPECT_EQ(problem["points"], 29);
  EXPECT_EQ(problem["samples"].size(), 2U);

  // Sound as Kattis sees it, unsound as we validate it: not published.
  const json rejected = finished_upload(
      port, admin,
      upload(port, admin, zipped_fixture(work, "hypotenuse-broken", [](const fs::path& p) {
               std::ofstream(p / "submissions/accepted/hypot.py") << "print(5)\n";
             })));
  EXPECT_EQ(rejected["state"], "rejected");
  EXPECT_NE(rejected.value("report", "").find("hypot.py"), std::string::npos) << rejected;
  EXPECT_EQ(status_of(port, admin, "hypotenuse-broken"), 404);

  // What proctor cannot judge is refused before anything is validated.
  const Response custom =
      upload(port, admin, zipped_fixture(work, "hypotenuse-custom", [](const fs::path& p) {
               std::string yaml = slurp(p / "problem.yaml");
               yaml.replace(yaml.find("validation: default"), 19, "validation: custom");
               std::ofstream(p / "problem.yaml") << yaml;
             }));
  EXPECT_EQ(custom.result_int(), 400);
  EXPECT_NE(custom.body().find("a custom output validator cannot be run"), std::string::npos)
      << custom.body();
  EXPECT_EQ(status_of(port, admin, "hypotenuse-custom"), 404);

  // A bank problem exported by proctorctl comes back at the same version.
  const fs::path exported = work.path() / "gcd.zip";
  const std::string command = std::string(PROCTORCTL_BINARY) + " problem export gcd --bank " +
                              PROCTOR_PROBLEMS_DIR + " --format kattis -o " + exported.string() +
                              " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const json again =
      finished_upload(port, admin, upload(port, admin, slurp(exported), "?slug=gcd-kattis"));
  EXPECT_EQ(again["state"], "published") << again["report"];
  const auto version = [&](const std::string& slug) {
    return json::parse(
               request(port, http::verb::get, "/api/bank/problems/" + slug, "", admin.cookie)
                   .body())
        .value("version", "");
  };
  EXPECT_FALSE(version("gcd").empty());
  EXPECT_EQ(version("gcd-kattis"), version("gcd"));
}

}  // namespace
}  // namespace proctord_test
