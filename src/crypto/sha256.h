// SHA-256 (OpenSSL EVP). The only place besides ed25519 that includes OpenSSL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace godiag::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);

/// Lowercase hex of a digest.
std::string HexDigest(const Sha256Digest& d);

}  // namespace godiag::crypto
