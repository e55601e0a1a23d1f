// Authors' uploads through a real proctord: a sound package is validated in
// the sandbox and published (and still there after a restart); an unsound
// one is refused with the validation's report; malformed, hostile and
// oversized uploads get a clear error; only authors and admins may upload.
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

// A copy of a bank problem under a new folder name, packed as tar.gz by the
// real tar; `spoil` may change the copy first.
std::string packed_copy(const TempDir& work, const std::string& problem, const std::string& slug,
                        const std::function<void(const fs::path&)>& spoil = {}) {
  const fs::path copy = work.path() / slug;
  fs::copy(fs::path(PROCTOR_PROBLEMS_DIR) / "coding" / problem, copy, fs::copy_options::recursive);
  if (spoil) spoil(copy);
  const fs::path archive = work.path() / (slug + ".tar.gz");
  const std::string command =
      "tar -C " + work.path().string() + " -czf " + archive.string() + " " + slug;
  EXPECT_EQ(std::system(command.c_str()), 0);
  return slurp(archive);
}

Staff make_account(unsigned short port, const Staff& admin, const std::string& email,
                   const std::string& role) {
  const Response made = request(port, http::verb::post, "/api/accounts",
                                json{{"email", email}, {"name", role}, {"role", role}}.dump(),
                                admin.cookie, admin.csrf);
  EXPECT_EQ(made.result_int(), 201) << made.body();
  return sign_in(port, email, json::parse(made.body())["password"]);
}

Response post(unsigned short port, const std::string& target, const std::string& body,
              const Staff& who, const std::string& type) {
  return request(port, http::verb::post, target, body, who.cookie, who.csrf, type);
}

// Polls the upload until validation ends.
TEST(Uploads, SoundPackagesArePublishedUnsoundOnesRefused) {
  TempDir data;
  TempDir work;
  ProctordProcess server(data.path().string(), {"--upload-bytes", "400000"});
  const unsigned short port = server.port();
  const Staff admin = sign_in(port, "admin@localhost", server.admin_password());
  const Staff author = make_account(port, admin, "author@example.com", "author");
  const Staff recruiter = make_account(port, admin, "rec@example.com", "recruiter");

  // Sound: a copy of gcd under a new name, as a tar.gz with its folder.
  const std::string sound = packed_copy(work, "gcd", "gcd-copy");
  EXPECT_EQ(post(port, "/api/bank/problems", sound, recruiter, "application/gzip").result_int(),
            403);
  const json published = finished_upload(
      port, author, post(port, "/api/bank/problems", sound, author, "application/gzip"));
  EXPECT_EQ(published["state"], "published") << published["report"];
  EXPECT_EQ(published["name"], "gcd-copy");
  EXPECT_EQ(
      request(port, http::verb::get, "/api/bank/problems/gcd-copy", "", author.cookie).result_int(),
      200);

  // Unsound: an "accepted" solution that is wrong. The report says which.
  const std::string unsound = packed_copy(work, "gcd", "gcd-broken", [](const fs::path& copy) {
    std::ofstream(copy / "submissions" / "accepted" / "euclid.py")
        << "def gcd(a, b):\n    return 1\n";
  });
  const json rejected = finished_upload(
      port, author,
      post(port, "/api/bank/problems?slug=gcd-broken", unsound, author, "application/gzip"));
  EXPECT_EQ(rejected["state"], "rejected");
  EXPECT_NE(rejected["report"].get<std::string>().find("euclid.py"), std::string::npos)
      << rejected["report"];
  EXPECT_EQ(request(port, http::verb::get, "/api/bank/problems/gcd-broken", "", author.cookie)
                .result_int(),
            404);

  // Malformed and hostile uploads: refused at once, precisely.
  const Response garbage =
      post(port, "/api/bank/problems", "not an archive at all", author, "application/zip");
  EXPECT_EQ(garbage.result_int(), 400);
  EXPECT_EQ(json::parse(garbage.body())["error"]["code"], "bad_upload");
  const Response escaping = post(
      port, "/api/bank/problems",
      json{{"slug", "evil"}, {"files", {{"../../etc/evil", "x"}, {"problem.yaml", "x"}}}}.dump(),
      author, "application/json");
  EXPECT_EQ(escaping.result_int(), 400);
  EXPECT_NE(escaping.body().find(".."), std::string::npos) << escaping.body();
  const Response bad_slug =
      post(port, "/api/bank/problems?slug=Not%20A%20Slug", sound, author, "application/gzip");
  EXPECT_EQ(bad_slug.result_int(), 400) << bad_slug.body();
  const Response oversized =
      post(port, "/api/bank/problems", std::string(500000, 'x'), author, "application/zip");
  EXPECT_EQ(oversized.result_int(), 413);

  // An MCQ set: a bank set under a new id.
  std::string yaml = slurp(fs::path(PROCTOR_PROBLEMS_DIR) / "mcq" / "basics.yaml");
  yaml.replace(yaml.find("set: basics"), 11, "set: team-basics");
  const json set = finished_upload(
      port, author, post(port, "/api/bank/mcq-sets", yaml, author, "application/yaml"));
  EXPECT_EQ(set["state"], "published") << set["report"];
  const json bank =
      json::parse(request(port, http::verb::get, "/api/bank", "", author.cookie).body());
  bool listed = false;
  for (const json& s : bank["mcq_sets"]) listed = listed || s["id"] == "team-basics";
  EXPECT_TRUE(listed);
  const json broken_set = finished_upload(
      port, author,
      post(port, "/api/bank/mcq-sets", "set: x\nquestions: 5\n", author, "application/yaml"));
  EXPECT_EQ(broken_set["state"], "rejected");

  // Published uploads are part of the bank after a restart.
  server.stop();
  ProctordProcess again(data.path().string());
  const Staff admin_again = sign_in(again.port(), "admin@localhost", server.admin_password());
  EXPECT_EQ(
      request(again.port(), http::verb::get, "/api/bank/problems/gcd-copy", "", admin_again.cookie)
          .result_int(),
      200);
}

}  // namespace
}  // namespace proctord_test
