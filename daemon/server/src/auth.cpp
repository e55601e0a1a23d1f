#include "proctord/auth.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace proctord {

namespace {
void require_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

std::string hash_password(const std::string& password) {
  require_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory hashing a password");
  }
  return hash;
}

bool verify_password(const std::string& hash, const std::string& password) {
  require_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(std::size_t bytes) {
  require_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const std::size_t length =
      sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string text(length, '\0');
  sodium_bin2base64(text.data(), length, raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(length - 1);  // the terminating NUL
  return text;
}

std::string sha256_hex(const std::string& data) {
  require_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int LoginThrottle::retry_after(const std::string& key) {
  const std::lock_guard lock(mutex_);
  const auto found = records_.find(key);
  if (found == records_.end()) return 0;
  const auto age = std::chrono::steady_clock::now() - found->second.since;
  if (age >= window_) {
    records_.erase(found);
    return 0;
  }
  if (found->second.failures < limit_) return 0;
  return static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(window_ - age).count()) +
         1;
}

void LoginThrottle::failed(const std::string& key) {
  const std::lock_guard lock(mutex_);
  Record& record = records_[key];
  if (record.failures == 0) record.since = std::chrono::steady_clock::now();
  ++record.failures;
  // Bound the memory an attacker with many addresses can make us hold.
  if (records_.size() > 100000) records_.clear();
}

void LoginThrottle::succeeded(const std::string& key) {
  const std::lock_guard lock(mutex_);
  records_.erase(key);
}

}  // namespace proctord
