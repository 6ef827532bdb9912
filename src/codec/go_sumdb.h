// GOSUMDB and verifier keys parsed exactly as cmd/go's dbDial and x/mod's note.NewVerifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "core/go_settings.h"

namespace godiag::codec {

/// The verifier key of sum.golang.org (cmd/go's knownGOSUMDB).
inline constexpr std::string_view kSumGolangOrgKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

/// note.NewVerifier: errors "malformed verifier id", "invalid verifier hash",
/// "unknown verifier algorithm" (kParse), in go's check order.
core::Expected<core::VerifierKey> ParseVerifierKey(std::string_view vkey);

/// dbDial's parsing of GOSUMDB, with go's error texts.
core::SumDbConfig ParseGoSumDb(std::string_view gosumdb);

/// module.EscapePath / EscapeVersion without validation: each upper-case ASCII letter
/// becomes '!' + its lower case ("github.com/Azure" → "github.com/!azure").
std::string EscapeModuleText(std::string_view text);

/// Go's base64.StdEncoding.DecodeString (padded; '\r' and '\n' ignored).
std::optional<std::string> DecodeBase64Std(std::string_view in);

/// Go's base64.StdEncoding.EncodeToString (padded).
std::string EncodeBase64Std(std::string_view in);

}  // namespace godiag::codec
