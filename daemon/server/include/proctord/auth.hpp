// Passwords, tokens and login throttling.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace proctord {

// Argon2id (libsodium's crypto_pwhash_str): slow, salted, self-describing.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);

// `bytes` random bytes, base64url without padding: session tokens,
// invitation tokens, CSRF tokens, generated passwords.
std::string random_token(std::size_t bytes = 32);
std::string sha256_hex(const std::string& data);

std::int64_t now_ms();

// At most `limit` failed logins per key (an address, an e-mail) in a
// sliding window; a success clears the key.
class LoginThrottle {
 public:
  LoginThrottle(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // Seconds to wait before trying again, or 0 when allowed.
  int retry_after(const std::string& key);
  void failed(const std::string& key);
  void succeeded(const std::string& key);

 private:
  struct Record {
    int failures = 0;
    std::chrono::steady_clock::time_point since;
  };
  std::mutex mutex_;
  std::map<std::string, Record> records_;
  int limit_;
  std::chrono::seconds window_;
};

}  // namespace proctord
