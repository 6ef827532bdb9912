#include "collect/log_signatures.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace godiag::collect {

namespace {

// "also" lists keep broad needles ("syntax error") to the lines they mean.
const std::vector<LogSignature> kSignatures = {
    {"logs.load.go-version", "requires go >= "},
    {"logs.load.goproxy-off", "module lookup disabled by GOPROXY=off"},
    {"logs.net.tls", "x509: certificate"},
    {"logs.net.tls", "x509: cannot"},
    {"logs.net.unreachable", "dial tcp", "go: ", "Get \""},
    {"logs.net.unreachable", "i/o timeout", "go: ", "Get \""},
    {"logs.gomod.update-needed", "updates to go.mod needed"},
    {"logs.gosum.missing", "missing go.sum entry"},
    {"logs.gosum.missing", "go.sum is out of sync with go.mod"},
    {"logs.gosum.missing", "updates to go.sum needed"},
    {"logs.vendor.inconsistent", "inconsistent vendoring"},
    {"logs.vendor.inconsistent", "Inconsistent vendoring detected"},
    {"logs.gomod.syntax", "syntax error", "go.mod", "go.work"},
    {"logs.gomod.syntax", "errors parsing go.mod"},
    {"logs.module.none", "go.mod file not found in current directory"},
    {"logs.module.none", "cannot find main module"},
    {"logs.module.none", "gopls requires a module at the root of your workspace"},
    {"logs.module.none", "gopls was not able to find modules in your workspace"},
    {"logs.module.none", "You are outside of a module and outside of $GOPATH/src"},
    {"logs.workspace.not-included", "which is not included in your workspace"},
    {"logs.workspace.not-included", "No active builds contain"},
    {"logs.go.not-found", "go command required, not found"},
    {"logs.go.not-found", "Provide a valid path to the Go binary"},
    {"logs.gopls.go-unsupported", "which is not supported by this version of gopls"},
    {"logs.gopls.go-unsupported", "Gopls was built with Go version"},
    {"logs.gopls.restart-loop", "Server will not be restarted"},
    {"logs.gopls.restart-loop", "connection to server is erroring. Shutting down server"},
    {"logs.gopls.restart-loop", "crashed 5 times in the last 3 minutes"},
    {"logs.gopls.start-failed", "Error starting language server"},
    {"logs.gopls.start-failed", "couldn't create connection to server"},
    {"logs.gopls.start-failed", "server failed to initialize"},
    {"logs.gopls.bad-flags", "invalid value in your \"go.languageServerFlags\""},
    {"logs.gopls.bad-flags", "flag provided but not defined"},
    {"logs.gopls.killed", "signal: killed"},
    {"logs.gopls.bug", "A bug occurred on the server"},
    {"logs.daemon.unreachable", "is owned by a different user"},
    {"logs.daemon.unreachable", "dialing remote: "},
    {"logs.dlv.port-in-use", "couldn't start listener"},
    {"version.vscode-go", "Running language server gopls("},
    {"version.frames", "/gopls@v"},
    {"version.buildinfo", "golang.org/x/tools/gopls v"},
    {"version.template", "gopls version: v"},
};

constexpr size_t kBuckets = 4096;
// The text is probed every kStep bytes only: each needle is indexed by its 4-byte windows at
// offsets 0..kStep-1, so any occurrence covers one probe (needles are at least kStep + 3 long).
constexpr size_t kStep = 4;

uint32_t Load4(const char* p) {
  uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}

size_t Hash(uint32_t x) { return (x * 0x9E3779B1u) >> 20; }

struct Entry {
  uint32_t window;  ///< the 4 bytes themselves: a hash collision costs one compare
  uint8_t signature;
  uint8_t offset;   ///< where the window starts in the needle
  uint16_t length;  ///< of the needle
};

struct Table {
  std::array<std::vector<Entry>, kBuckets> buckets;
  std::array<bool, kBuckets> used{};
  Table() {
    for (size_t i = 0; i < kSignatures.size(); ++i) {
      for (size_t k = 0; k < kStep && k + 4 <= std::strlen(kSignatures[i].needle); ++k) {
        uint32_t w = Load4(kSignatures[i].needle + k);
        size_t h = Hash(w);
        buckets[h].push_back({w, static_cast<uint8_t>(i), static_cast<uint8_t>(k),
                              static_cast<uint16_t>(std::strlen(kSignatures[i].needle))});
        used[h] = true;
      }
    }
  }
};

const Table& GetTable() {
  static const Table t;
  return t;
}

bool Contains(std::string_view text, const char* s) { return s && text.find(s) != std::string_view::npos; }

}  // namespace

const std::vector<LogSignature>& LogSignatures() { return kSignatures; }

void MatchLogSignatures(std::string_view text, std::vector<SignatureHit>& out) {
  out.clear();
  if (text.size() < 4) return;
  const Table& t = GetTable();
  uint64_t found = 0;  // bit per signature index (fewer than 64)
  const char* p = text.data();
  for (size_t q = 0, end = text.size() - 3; q < end; q += kStep) {
    uint32_t w = Load4(p + q);
    size_t h = Hash(w);
    if (!t.used[h]) continue;
    for (Entry en : t.buckets[h]) {
      if (en.window != w || q < en.offset || (found >> en.signature & 1)) continue;
      const LogSignature& s = kSignatures[en.signature];
      size_t i = q - en.offset, n = en.length;
      if (n > text.size() - i || std::memcmp(p + i, s.needle, n) != 0) continue;
      if (s.also && !Contains(text, s.also) && !Contains(text, s.also2)) continue;
      found |= uint64_t{1} << en.signature;
      out.push_back({&s, i});
    }
  }
  // One hit per id, in signature order.
  std::vector<SignatureHit> unique;
  for (size_t k = 0; k < kSignatures.size(); ++k) {
    if (!(found >> k & 1)) continue;
    bool seen = false;
    for (const auto& u : unique) seen |= std::string_view(u.signature->id) == kSignatures[k].id;
    if (seen) continue;
    for (const auto& h : out)
      if (h.signature == &kSignatures[k]) unique.push_back(h);
  }
  out.swap(unique);
}

}  // namespace godiag::collect
