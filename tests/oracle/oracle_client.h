// Runs the Go oracle (tests/oracle, built on golang.org/x/mod and the real go command)
// on a batch of questions and returns its answers, one JSON object per question.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace godiag::oracle {

/// Path of the oracle binary: $GODIAG_ORACLE, else <source>/tests/oracle/bin/oracle.
std::string OracleBinary();

/// Answers, in order; nullopt (with `why` set) when the oracle is not available.
std::optional<std::vector<nlohmann::json>> AskOracle(const std::vector<nlohmann::json>& questions,
                                                     std::string* why);

}  // namespace godiag::oracle

/// In a test body: get answers or skip (developer machine) / fail (CI=true) loudly.
#define ORACLE_ANSWERS(var, questions)                                                      \
  std::vector<nlohmann::json> var;                                                          \
  do {                                                                                      \
    std::string why_;                                                                       \
    auto got_ = ::godiag::oracle::AskOracle((questions), &why_);                            \
    if (!got_) {                                                                            \
      if (std::getenv("CI") != nullptr) FAIL() << "oracle unavailable in CI: " << why_;     \
      GTEST_SKIP() << "oracle unavailable (run scripts/setup.sh --test): " << why_;         \
    }                                                                                       \
    var = std::move(*got_);                                                                 \
  } while (false)
