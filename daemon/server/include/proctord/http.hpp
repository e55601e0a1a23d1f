// The HTTP types the daemon's handlers see; Beast stays out of their headers
// beyond these aliases.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace proctord {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct Peer {
  std::string address;  // the client's IP address
};

}  // namespace proctord
