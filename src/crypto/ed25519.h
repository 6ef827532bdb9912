// Ed25519 (RFC 8032) through OpenSSL EVP: the checksum database's signature scheme.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace godiag::crypto {

/// True when `signature` (64 bytes) is a valid signature of `message` by `public_key` (32 bytes).
bool Ed25519Verify(std::string_view public_key, std::string_view message, std::string_view signature);

/// Signature of `message` by the key with this 32-byte seed (tests and the test database).
std::optional<std::string> Ed25519Sign(std::string_view seed, std::string_view message);

/// The public key of a 32-byte seed.
std::optional<std::string> Ed25519PublicKey(std::string_view seed);

}  // namespace godiag::crypto
