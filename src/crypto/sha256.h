// SHA-256 (OpenSSL EVP). The only place besides ed25519 that includes OpenSSL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace godiag::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);

/// Runs the crypto library's one-time initialisation (providers, algorithm tables: ~0.7 ms)
/// now, so that a caller can do it on another thread before a first hash is on its critical path.
void Initialize();

/// Lowercase hex of a digest.
std::string HexDigest(const Sha256Digest& d);

}  // namespace godiag::crypto
