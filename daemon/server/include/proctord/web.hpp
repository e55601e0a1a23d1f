// The pages proctord serves from the built web folder (web/build.mjs writes
// it): the staff's pages at `/`, the candidate's page at `/take/<token>`,
// and their assets under `/assets/`. Files are read once at start-up, so a
// page never changes under a request; rebuild and restart to update them.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "proctord/http.hpp"

namespace proctord {

// Headers every response carries: no inline script may run, nothing may
// frame the pages, and no URL (a candidate's link holds their token) leaks
// to another site through the Referer header.
void set_security_headers(Response& response);

class WebPages {
 public:
  // An empty `root`: no pages (the API alone). A root without the pages
  // throws, naming what is missing.
  explicit WebPages(const std::filesystem::path& root);

  // The response for GET or HEAD of a page or asset; nullopt when the path is
  // not one of ours (the caller answers 404 or routes it elsewhere).
  [[nodiscard]] std::optional<Response> serve(const Request& request) const;
  [[nodiscard]] std::size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };
  [[nodiscard]] const File* page_for(const std::string& path) const;

  std::map<std::string, File> files_;  // by URL path under the root: "/staff.html"
};

}  // namespace proctord
