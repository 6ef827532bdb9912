// Plain data for the network evidence: module proxies, direct (VCS) origins and the
// checksum database, probed for real (probe/net_probe, probe/sumdb_client); read by rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/go_settings.h"

namespace godiag::core {

struct TlsCert {
  std::string subject;
  std::string issuer;
  std::string not_before;
  std::string not_after;
  std::string alt_names;
};

/// Reachability of one origin (scheme://host:port): DNS, TCP, TLS.
struct HostCheck {
  std::string origin;             ///< "https://proxy.corp:443" (no credentials)
  bool ok = false;                ///< an HTTP answer arrived
  std::string remote_ip;
  double dns_ms = 0, connect_ms = 0, tls_ms = 0;
  std::string via_proxy;          ///< HTTP(S)_PROXY used, redacted ("" = none)
  std::string via_proxy_reason;   ///< "HTTPS_PROXY (terminal)", "NO_PROXY entry .corp matches", …
  std::string failure;            ///< "", "dns", "connect", "tls-verify", "timeout", "reset", …
  std::string go_error;           ///< the go command's wording of the failure (Get "URL": …)
  std::string detail;             ///< libcurl / OpenSSL text
  std::vector<TlsCert> chain;     ///< presented chain, leaf first (https)
  std::optional<bool> other_roots_trust;  ///< with the other roots (other side's SSL_CERT_FILE/DIR) the chain verifies
  std::string other_roots;        ///< which roots those were
};

/// One protocol request and what came back.
struct EndpointCheck {
  std::string what;               ///< "list", "latest", "info", "mod", "zip", "supported", "lookup", "go-get"
  std::string module;             ///< "path@version" or "path" ("" for DB-wide requests)
  std::string url;                ///< redacted
  int status = 0;                 ///< 0 = no HTTP answer
  std::string status_text;        ///< "404 Not Found"
  double ms = 0;
  int64_t bytes = 0;              ///< body bytes received
  std::string content_type;
  std::string failure;            ///< network failure kind when status == 0
  std::optional<std::string> problem;  ///< content problem (not JSON, HTML page with 200, …)
  std::string go_error;           ///< the go command's error text for this answer, "" when fine
  bool not_found = false;         ///< 404/410: the go command falls back after ','
  std::string go_mod_hash;        ///< h1: of the go.mod served (a "mod" answer with 200), else ""
  int64_t total_bytes = -1;       ///< size of the whole resource (Content-Range total, else the body), -1 unknown
};

struct ProxyCheck {
  ProxyEntry entry;
  HostCheck host;
  std::vector<EndpointCheck> endpoints;
};

/// A download (the go.mod or the zip) checked as the go command checks it (modfetch
/// checkModSum): against go.sum, else against the checksum database's record.
struct DownloadCheck {
  std::string downloaded;  ///< its h1: hash ("" when it could not be hashed or was not fetched)
  std::string against;     ///< "go.sum", "go.work.sum", a workspace module's go.sum path, or the database name
  std::string expected;    ///< the hash recorded there ("" when the record has no such line or the lookup failed)
  bool ok = false;         ///< the go command accepts it
  bool lookup_failed = false;  ///< the database gave no usable answer (the sumdb findings tell why)
  std::string unreadable;  ///< a zip the go command cannot read (its error), or why godiag did not fetch it whole
};

/// The go command's walk of GOPROXY for one module, replayed on the probed answers.
struct ModuleVerdict {
  std::string module;
  std::string version;
  std::vector<std::string> tried;       ///< "SOURCE: outcome" in order
  std::string served_by;                ///< proxy URL or "direct"; "" when the walk fails
  std::optional<std::string> go_error;  ///< what the go command would print
  bool private_module = false;          ///< matched GONOPROXY (GOPRIVATE)
  bool public_not_found = false;        ///< a proxy answered 404/410 for it
  bool reached_origin = false;          ///< the walk asked the module's own repository (direct)
  std::optional<DownloadCheck> go_mod;  ///< the served go.mod, when the go command would check it (go.sum or database)
  std::optional<DownloadCheck> zip;     ///< the served zip, likewise
};

/// A module's origin when it is fetched directly: the go-get meta tag and the VCS tool.
struct DirectCheck {
  std::string module;
  std::string url;                       ///< https://host/path?go-get=1, or the known-host rule
  bool reachable = false;
  std::string vcs;                       ///< "git", "mod", … from the go-import tag or the host rule
  std::string repo;                      ///< repository root URL
  std::string tool_path;                 ///< "" when the tool is not on PATH
  std::optional<std::string> error;
};

/// The checksum database as the go command would reach it, and one verified lookup.
struct SumDbCheck {
  std::string name;
  bool what_if = false;                  ///< GOSUMDB=off: the default database, probed to see whether it would work
  std::string base_url;                  ///< redacted
  std::string base_reason;               ///< why this base (GOSUMDB URL, proxy's /supported, direct)
  std::vector<EndpointCheck> endpoints;  ///< /supported checks and the lookup
  std::optional<std::string> error;      ///< the go command's error when the DB cannot be used
  bool security = false;                 ///< `error` is a failed verification, not an outage
  bool verified = false;                 ///< signed tree head and one record proved
  std::string verified_record;           ///< module@version proved
  int64_t tree_size = 0;
  std::string tree_hash;
};

/// One environment's network view.
struct NetCheck {
  std::string side;                      ///< "terminal" or "editor"
  std::vector<ProxyCheck> proxies;
  std::vector<ModuleVerdict> modules;
  std::vector<DirectCheck> direct;
  std::optional<SumDbCheck> sumdb;
  std::vector<std::string> credentials;  ///< where credentials came from, per host (never the values)
  std::string roots;                     ///< trusted roots, e.g. "SSL_CERT_FILE=/etc/corp.pem"
  bool deadline_hit = false;
  double elapsed_ms = 0;
};

// ---- godiag sumdb verify ----

enum class SumLineStatus {
  kOk,        ///< the database's h1: hash equals go.sum's
  kMismatch,  ///< it differs (security)
  kMissing,   ///< the verified record has no line for it (security: CVE-2026-42501)
  kNotFound,  ///< the lookup answered 404/410
  kSkipped,   ///< not checked (GONOSUMDB/GOPRIVATE, unknown hash algorithm)
  kError,     ///< the answer failed verification (signature, proof, tile)
  kUnreachable,  ///< the lookup got no usable answer (network, HTTP error)
};

struct SumLineCheck {
  std::string path;
  std::string version;                   ///< "v1.2.3" or "v1.2.3/go.mod"
  int line = 0;
  std::string gosum_hash;
  std::string db_hash;                   ///< "" when the record has no such line
  int64_t record_id = -1;
  SumLineStatus status = SumLineStatus::kOk;
  std::string detail;                    ///< error text or skip reason
};

struct TreeConsistency {
  std::string against;                   ///< "go command's latest (PATH)", "godiag cache (PATH)", "lookup of M@V"
  int64_t old_size = 0;
  bool consistent = true;
  std::string error;                     ///< proof failure or read problem
  std::string old_note;                  ///< the older tree note text
  std::vector<std::string> proof;        ///< proof hashes (base64) when a fork was shown
};

struct SumDbVerify {
  std::string gosum_path;
  SumDbCheck db;
  std::string note;                      ///< the newest signed tree head seen (full text)
  std::vector<SumLineCheck> lines;
  std::vector<TreeConsistency> consistency;
  std::optional<std::string> error;      ///< fatal for the whole check (note, key, unreachable)
  int lookups = 0;
  int tiles_fetched = 0;
  int tiles_from_cache = 0;
  int lookups_from_cache = 0;
  double elapsed_ms = 0;
};

}  // namespace godiag::core
