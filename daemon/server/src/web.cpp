#include "proctord/web.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "proctord/auth.hpp"

namespace proctord {
namespace {

namespace fs = std::filesystem;

// Scripts and styles only from this origin; CodeMirror's styles are
// constructed stylesheets, which the policy allows without 'unsafe-inline'.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string content_type_of(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  const auto found = types.find(file.extension().string());
  return found == types.end() ? "application/octet-stream" : found->second;
}

std::string read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// True for paths under /take/: the candidate's page, whatever the token.
bool is_candidate_link(const std::string& path) {
  const std::string prefix = "/take/";
  return path.size() > prefix.size() && path.rfind(prefix, 0) == 0 &&
         path.find('/', prefix.size()) == std::string::npos;
}

}  // namespace

void set_security_headers(Response& response) {
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
}

WebPages::WebPages(const fs::path& root) {
  if (root.empty()) return;
  for (const char* page : {"staff.html", "candidate.html"}) {
    if (!fs::is_regular_file(root / page)) {
      throw std::runtime_error("the web folder " + root.string() + " has no " + page +
                               " (build the pages: deploy/build.sh)");
    }
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string url = "/" + fs::relative(entry.path(), root).generic_string();
    File file{read_whole(entry.path()), content_type_of(entry.path()), ""};
    file.etag = "\"" + sha256_hex(file.body).substr(0, 32) + "\"";
    files_.emplace(url, std::move(file));
  }
}

const WebPages::File* WebPages::page_for(const std::string& path) const {
  std::string name = path;
  if (path == "/" || path == "/index.html") name = "/staff.html";
  if (is_candidate_link(path)) name = "/candidate.html";
  // Only the two pages and the assets folder: never another file that
  // happens to sit in the web folder.
  if (name != "/staff.html" && name != "/candidate.html" && name.rfind("/assets/", 0) != 0) {
    return nullptr;
  }
  const auto found = files_.find(name);
  return found == files_.end() ? nullptr : &found->second;
}

std::optional<Response> WebPages::serve(const Request& request) const {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return std::nullopt;
  }
  const std::string target(request.target());
  const File* file = page_for(target.substr(0, target.find('?')));
  if (file == nullptr) return std::nullopt;
  const bool unchanged = request[http::field::if_none_match] == file->etag;
  Response response{unchanged ? http::status::not_modified : http::status::ok, request.version()};
  response.set(http::field::server, "proctord");
  response.set(http::field::content_type, file->content_type);
  // Revalidated on every load (cheap with the ETag), so that a rebuilt page
  // is never mixed with an old script.
  response.set(http::field::cache_control, "no-cache");
  response.set(http::field::etag, file->etag);
  set_security_headers(response);
  response.keep_alive(request.keep_alive());
  if (unchanged) return response;  // a 304 has no body and no length
  if (request.method() == http::verb::get) {
    response.body() = file->body;
    response.prepare_payload();
  } else {
    response.content_length(file->body.size());
  }
  return response;
}

}  // namespace proctord
