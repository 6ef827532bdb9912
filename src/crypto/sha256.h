// SHA-256 (OpenSSL EVP). The only place besides ed25519 that includes OpenSSL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace godiag::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);

/// SHA-256 of data given in pieces (a file read or inflated in chunks).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  Sha256Digest Final();

 private:
  void* ctx_;  // EVP_MD_CTX
};

/// Runs the crypto library's one-time initialisation (providers, algorithm tables: ~0.7 ms)
/// now, so that a caller can do it on another thread before a first hash is on its critical path.
void Initialize();

/// Lowercase hex of a digest.
std::string HexDigest(const Sha256Digest& d);

}  // namespace godiag::crypto
