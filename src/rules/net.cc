// Rules on what the network probes measured (`godiag net`, doctor without --offline):
// proxies, TLS, the go command's GOPROXY walk per module, direct origins, the checksum
// database (facts/go-modules.md §3, §5, §7).
#include <set>

#include "rules/all.h"

namespace godiag::rules {

namespace {

using core::Finding;
using core::NetCheck;
using core::RuleInfo;
using core::Severity;
using core::Snapshot;

Finding NetFinding(const RuleInfo& rule, const NetCheck& n, const std::string& subject, const std::string& message) {
  Finding f = core::MakeFinding(rule, subject + " (" + n.side + ")", message);
  f.side = n.side;
  return f;
}

void AddEndpoint(Finding& f, const core::EndpointCheck& e) {
  std::string value = e.status ? e.status_text : e.failure;
  if (e.ms > 0) value += " in " + std::to_string(static_cast<int>(e.ms)) + " ms";
  f.evidence.push_back({"GET " + e.what, e.url, value, std::nullopt});
  if (!e.go_error.empty()) f.evidence.push_back({"go command", "error", e.go_error, std::nullopt});
}

void AddHost(Finding& f, const core::HostCheck& h) {
  if (!h.via_proxy.empty()) f.evidence.push_back({"HTTP proxy", h.origin, h.via_proxy, h.via_proxy_reason});
  if (!h.detail.empty()) f.evidence.push_back({"libcurl", h.origin, h.detail, std::nullopt});
  for (size_t i = 0; i < h.chain.size(); ++i)
    f.evidence.push_back({"certificate " + std::to_string(i), "subject / issuer / valid until",
                          h.chain[i].subject + " / " + h.chain[i].issuer + " / " + h.chain[i].not_after, std::nullopt});
}

template <typename Fn>
void ForEachProxy(const Snapshot& s, Fn fn) {
  for (const auto& n : s.net)
    for (const auto& p : n.proxies) fn(n, p);
}

bool IsTls(const std::string& failure) { return failure == "tls-verify" || failure == "tls-handshake"; }

void CheckUnreachable(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachProxy(s, [&](const NetCheck& n, const core::ProxyCheck& p) {
    if (p.host.ok || p.host.failure.empty() || IsTls(p.host.failure)) return;
    Finding f = NetFinding(rule, n, p.entry.url,
                           "The GOPROXY entry " + p.host.origin + " cannot be reached (" + p.host.failure + "): " +
                               p.host.go_error);
    AddHost(f, p.host);
    f.fixes.push_back({"Check the host name, the network path and HTTPS_PROXY/NO_PROXY for this environment; "
                       "if the proxy is optional, separate it with '|' so the go command tries the next entry",
                       std::nullopt});
    out.push_back(std::move(f));
  });
}

std::string TlsKind(const core::HostCheck& h) {
  if (h.go_error.find("has expired") != std::string::npos) return "expired";
  for (const char* name_error : {"is valid for", "any names", "any IP SANs", "legacy Common Name", "is not valid for"})
    if (h.go_error.find(name_error) != std::string::npos) return "wrong-host";
  return "unknown-authority";
}

void CheckTls(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, const std::string& kind) {
  auto check = [&](const NetCheck& n, const std::string& subject, const core::HostCheck& h) {
    if (h.failure != "tls-verify" || TlsKind(h) != kind) return;
    Finding f = NetFinding(rule, n, subject, "TLS to " + h.origin + " fails as the go command would: " + h.go_error);
    AddHost(f, h);
    f.evidence.push_back({"trusted roots", n.side, n.roots, std::nullopt});
    if (h.other_roots_trust) {
      f.evidence.push_back({"other environment's roots", h.other_roots,
                            *h.other_roots_trust ? "accept this chain" : "reject it too", std::nullopt});
    }
    if (kind == "unknown-authority")
      f.fixes.push_back({"Trust the issuing CA the way the go command reads roots: add it to the system store "
                         "(copy to /usr/local/share/ca-certificates/ and run update-ca-certificates) or point "
                         "SSL_CERT_FILE / SSL_CERT_DIR at it in this environment",
                         std::nullopt});
    else if (kind == "expired")
      f.fixes.push_back({"Renew the server certificate (or fix this machine's clock)", std::nullopt});
    else
      f.fixes.push_back({"Use the host name the certificate was issued for, or reissue it with this name in its "
                         "subjectAltName",
                         std::nullopt});
    out.push_back(std::move(f));
  };
  for (const auto& n : s.net) {
    for (const auto& p : n.proxies) check(n, p.entry.url, p.host);
  }
}

void CheckBlocksFallback(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  ForEachProxy(s, [&](const NetCheck& n, const core::ProxyCheck& p) {
    if (p.entry.fallback == core::Fallback::kOnAnyError) return;
    auto blocks = [](const core::EndpointCheck& e) {
      return e.status == 401 || e.status == 403 || e.status == 407 || e.status >= 500;
    };
    // The version list of a pinned module: only queries (M@latest, -versions, upgrades) ask for it.
    auto list_only = [](const core::EndpointCheck& e) {
      return e.what == "list" && e.module.find('@') != std::string::npos;
    };
    std::set<int> seen;  // statuses told; those of requests the walk makes first
    for (const auto& e : p.endpoints)
      if (blocks(e) && !list_only(e)) seen.insert(e.status);
    std::set<int> told;
    for (const auto& e : p.endpoints) {
      if (!blocks(e) || (list_only(e) && seen.count(e.status)) || !told.insert(e.status).second) continue;
      bool pinned_list = list_only(e);
      std::string what = pinned_list ? "the version list (@v/list) of " + e.module.substr(0, e.module.find('@')) : e.module;
      Finding f = NetFinding(rule, n, p.entry.url,
                             "The proxy " + p.host.origin + " answers " + e.status_text + " for " + what +
                                 "; after a ',' the go command falls back only on 404/410, so it stops here "
                                 "instead of trying the next GOPROXY entry" +
                                 (pinned_list ? ". Only queries ask for it (go get M@latest, go list -m -versions, "
                                              "gopls's upgrade checks); " + e.module + " itself is fetched by version"
                                            : ""));
      if (pinned_list) f.severity = Severity::kWarning;
      AddEndpoint(f, e);
      f.fixes.push_back({"Have the proxy answer 404 or 410 for modules it will not serve, or separate this entry "
                         "with '|' (fall back on any error); for private modules set GOPRIVATE so they skip the proxy",
                         std::nullopt});
      out.push_back(std::move(f));
    }
  });
}

void CheckContent(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, const std::string& needle) {
  ForEachProxy(s, [&](const NetCheck& n, const core::ProxyCheck& p) {
    for (const auto& e : p.endpoints) {
      if (!e.problem || e.problem->find(needle) == std::string::npos) continue;
      Finding f = NetFinding(rule, n, p.entry.url, "The proxy " + p.host.origin + " sent " + *e.problem + " (" +
                                                       e.what + " of " + e.module + ")");
      AddEndpoint(f, e);
      f.fixes.push_back({"Point GOPROXY at the proxy's GOPROXY-protocol URL (the one that serves "
                         "<module>/@v/list), and log in to the portal in front of it outside the editor if there is one",
                         std::nullopt});
      out.push_back(std::move(f));
      return;
    }
  });
}

// Only proxies answered, all with 404/410: the private-module hint says it better.
bool PrivateHintCase(const core::ModuleVerdict& m) {
  return m.go_error && m.public_not_found && !m.private_module && !m.reached_origin;
}

// A hash the go command rejects (told by net.module.checksum-mismatch or, when the database
// gave no answer, by the net.sumdb findings). A zip it cannot read is unfetchable instead.
bool Rejected(const std::optional<core::DownloadCheck>& c) {
  return c && !c->ok && c->unreadable.empty() && !c->downloaded.empty();
}
bool GoModRejected(const core::ModuleVerdict& m) { return Rejected(m.go_mod) || Rejected(m.zip); }

void CheckUnfetchable(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    for (const auto& m : n.modules) {
      if (!m.go_error || PrivateHintCase(m) || GoModRejected(m)) continue;
      Finding f = NetFinding(rule, n, m.module, "The go command would fail to fetch " + m.module +
                                                    (m.version.empty() ? "" : "@" + m.version) + ": " + *m.go_error);
      for (const auto& t : m.tried) f.evidence.push_back({"GOPROXY walk", "tried", t, std::nullopt});
      f.fixes.push_back({"See the proxy and TLS findings for the source that failed", std::nullopt});
      out.push_back(std::move(f));
    }
  }
}

void CheckGoModMismatch(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    for (const auto& m : n.modules) {
      for (const auto* c : {&m.go_mod, &m.zip}) {
        if (!Rejected(*c) || (*c)->lookup_failed) continue;
        std::string what = c == &m.go_mod ? "go.mod" : "zip";
        std::string mv = m.module + "@" + m.version;
        Finding f = NetFinding(rule, n, mv,
                               "SECURITY: the " + what + " " + m.served_by + " serves for " + mv + " hashes to " +
                                   (*c)->downloaded + ", but " + (*c)->against +
                                   ((*c)->expected.empty() ? " has no " + what + " hash for it" : " records " + (*c)->expected) +
                                   "; the go command stops: " + m.go_error.value_or(""));
        f.evidence.push_back({"GOPROXY walk", "served by", m.served_by, std::nullopt});
        f.evidence.push_back({what + " downloaded", "h1", (*c)->downloaded, std::nullopt});
        f.evidence.push_back({"recorded in", (*c)->against, (*c)->expected.empty() ? "-" : (*c)->expected, std::nullopt});
        f.fixes.push_back({"Do not delete the go.sum line or turn GOSUMDB off: find out which copy is genuine by "
                           "fetching it from the origin and comparing, then fix the proxy (or its cache) that serves the "
                           "other",
                           "GOPROXY=direct GOFLAGS=-mod=mod go mod download -json " + mv});
        out.push_back(std::move(f));
      }
    }
  }
}

void CheckPrivateNotFound(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    for (const auto& m : n.modules) {
      if (!PrivateHintCase(m)) continue;
      Finding f = NetFinding(rule, n, m.module,
                             "No proxy has " + m.module + " (404/410) and GONOPROXY/GOPRIVATE does not cover it, so "
                             "the go command never fetches it directly from its repository: " + *m.go_error);
      for (const auto& t : m.tried) f.evidence.push_back({"GOPROXY walk", "tried", t, std::nullopt});
      std::string prefix = m.module.substr(0, m.module.find('/', m.module.find('/') + 1));
      f.fixes.push_back({"If it is a private module, mark it private (skips the proxies and the public checksum "
                         "database)",
                         "go env -w GOPRIVATE=" + prefix});
      out.push_back(std::move(f));
    }
  }
}

void CheckDirect(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out, bool tool) {
  for (const auto& n : s.net) {
    for (const auto& d : n.direct) {
      bool missing_tool = d.reachable && !d.vcs.empty() && d.vcs != "mod" && d.tool_path.empty();
      if (tool ? !missing_tool : !d.error) continue;
      std::string msg = tool ? d.module + " is fetched directly with " + d.vcs + ", which is not on this environment's PATH"
                             : "The origin of " + d.module + " does not answer as the go command needs: " + *d.error;
      Finding f = NetFinding(rule, n, d.module, msg);
      f.evidence.push_back({"direct", d.url, d.repo.empty() ? "-" : d.vcs + " " + d.repo, std::nullopt});
      f.fixes.push_back({tool ? "Install " + d.vcs + " (apt-get install " + d.vcs + ") or put it on PATH for this environment"
                              : "Check the repository URL and credentials (.netrc or a git credential helper with "
                                "GIT_TERMINAL_PROMPT=0), or serve the module from a proxy",
                         std::nullopt});
      out.push_back(std::move(f));
    }
  }
}

void CheckSumDbUnavailable(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    if (!n.sumdb || n.sumdb->what_if || !n.sumdb->error || n.sumdb->security) continue;
    const auto& db = *n.sumdb;
    bool gone = false;  // the probe's own record answered 404/410: net.sumdb.lookup-gone says it
    for (const auto& e : db.endpoints) gone = gone || (e.what == "lookup" && e.module == db.verified_record && e.not_found);
    if (gone) continue;
    Finding f = NetFinding(rule, n, db.name, "The checksum database " + db.name + " cannot be used: " + *db.error);
    f.evidence.push_back({"database base", db.name, db.base_url.empty() ? "-" : db.base_url, db.base_reason});
    for (const auto& e : db.endpoints) {
      f.evidence.push_back({"GET " + e.what, e.url, !e.status_text.empty() ? e.status_text : e.failure, std::nullopt});
    }
    f.fixes.push_back({"Every module not in go.sum fails with \"verifying module: …\" until the database is reachable "
                       "through the first GOPROXY that serves /sumdb/" + db.name + "/supported, or directly",
                       std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckSumDbGone(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    if (!n.sumdb || n.sumdb->what_if) continue;
    for (const auto& e : n.sumdb->endpoints) {
      if (e.what != "lookup" || !e.not_found) continue;
      Finding f = NetFinding(rule, n, e.module, "The checksum database " + n.sumdb->name + " has no record of " +
                                                    e.module + " (404/410): " + e.go_error);
      f.evidence.push_back({"GET lookup", e.url, e.go_error, std::nullopt});
      std::string prefix = e.module.substr(0, e.module.find('/', e.module.find('/') + 1));
      f.fixes.push_back({"A private module must not be checked against a public database: mark it private",
                         "go env -w GOPRIVATE=" + prefix});
      out.push_back(std::move(f));
    }
  }
}

void CheckSumDbSecurity(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    if (!n.sumdb || n.sumdb->what_if || !n.sumdb->error) continue;
    const auto& db = *n.sumdb;
    const std::string& err = *db.error;
    if (!db.security) continue;
    Finding f = NetFinding(rule, n, db.name, "SECURITY: the checksum database " + db.name +
                                                 " failed cryptographic verification: " + err);
    f.evidence.push_back({"database base", db.name, db.base_url, db.base_reason});
    f.fixes.push_back({"Do not turn verification off. Check that GOSUMDB's key is the database's real key and that "
                       "no proxy in between rewrites /sumdb/ answers; report the evidence to the database's operators",
                       std::nullopt});
    out.push_back(std::move(f));
  }
}

void CheckOffButWorks(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    if (!n.sumdb || !n.sumdb->what_if || !n.sumdb->verified) continue;
    Finding f = NetFinding(rule, n, "GOSUMDB", "GOSUMDB=off, but " + n.sumdb->name + " is reachable from here (" +
                                                   n.sumdb->base_url + ") and verified " + n.sumdb->verified_record +
                                                   " with a valid signed tree head: turning verification back on works");
    f.fixes.push_back({"Turn checksum verification back on (private modules stay excluded through GOPRIVATE)",
                       "go env -u GOSUMDB"});
    out.push_back(std::move(f));
  }
}

void CheckSidesDiffer(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  if (s.net.size() < 2) return;
  for (const auto& t : s.net[0].modules) {
    for (const auto& e : s.net[1].modules) {
      if (t.module != e.module || t.version != e.version || t.go_error.has_value() == e.go_error.has_value()) continue;
      bool editor_fails = e.go_error.has_value();
      Finding f = core::MakeFinding(rule, t.module, std::string(editor_fails ? "The editor's go command (gopls) would fail"
                                                                             : "The terminal's go command would fail") +
                                                        " to fetch " + t.module + " while the " +
                                                        (editor_fails ? "terminal" : "editor") + " succeeds: " +
                                                        *(editor_fails ? e.go_error : t.go_error));
      f.evidence.push_back({"terminal", "served by", t.served_by.empty() ? "-" : t.served_by, std::nullopt});
      f.evidence.push_back({"editor", "served by", e.served_by.empty() ? "-" : e.served_by, std::nullopt});
      f.fixes.push_back({"Compare the two environments (godiag env): GOPROXY, HTTPS_PROXY/NO_PROXY, SSL_CERT_FILE and "
                         "GOPRIVATE must match; a GUI-launched editor only sees the login shell's variables",
                         std::nullopt});
      out.push_back(std::move(f));
    }
  }
}

void CheckDeadline(const Snapshot& s, const RuleInfo& rule, std::vector<Finding>& out) {
  for (const auto& n : s.net) {
    if (!n.deadline_hit) continue;
    out.push_back(NetFinding(rule, n, "network", "Some network probes had no complete answer within the deadline (" +
                                                     std::to_string(static_cast<int>(n.elapsed_ms)) +
                                                     " ms); the go command has no deadline of its own and would hang "
                                                     "there"));
  }
}

}  // namespace

void AddNetRules(std::vector<core::Rule>& out) {
  out.push_back({{"net.proxy.unreachable", Severity::kError, "A GOPROXY host cannot be reached",
                  "DNS, TCP or the HTTP proxy in between fails for a GOPROXY entry, or it does not answer in time.",
                  "After a ',' the go command falls back only on 404/410, so a dead first proxy fails every download.",
                  "Fix the host or network path, HTTPS_PROXY/NO_PROXY; or separate optional proxies with '|'."},
                 CheckUnreachable});
  auto tls = [&](const char* id, const char* title, const char* what, const char* kind) {
    out.push_back({{id, Severity::kError, title, what,
                    "The go command verifies every proxy and database certificate against its own roots "
                    "(SSL_CERT_FILE/SSL_CERT_DIR or the system bundle); curl or a browser may trust other roots.",
                    "Trust the right CA in the environment the go command runs in, or fix the certificate."},
                   [kind](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) { CheckTls(s, r, o, kind); }});
  };
  tls("net.tls.unknown-authority", "A proxy's certificate is signed by an unknown authority",
      "The certificate chain presented by a GOPROXY host does not lead to a root the go command trusts (often a "
      "TLS-intercepting corporate proxy).",
      "unknown-authority");
  tls("net.tls.expired", "A proxy's certificate has expired", "The certificate of a GOPROXY host is outside its "
      "validity period.", "expired");
  tls("net.tls.wrong-host", "A proxy's certificate is for another host name",
      "The certificate of a GOPROXY host does not name the host in GOPROXY.", "wrong-host");
  out.push_back({{"net.proxy.status-blocks-fallback", Severity::kError,
                  "A proxy answers 401/403/5xx where the go command needs 404/410 to fall back",
                  "A GOPROXY entry followed by ',' (or last) answers 401, 403, 407 or 5xx for a module.",
                  "The go command treats only 404 and 410 as \"not here, try the next entry\"; any other status ends "
                  "the walk with that error, so direct or the next proxy is never tried.",
                  "Make the proxy answer 404/410, use '|' after it, or set GOPRIVATE for private modules."},
                 CheckBlocksFallback});
  out.push_back({{"net.proxy.html-page", Severity::kError, "A proxy answers with an HTML page",
                  "A GOPROXY endpoint answered 200 with an HTML page (login portal, captive proxy, web UI URL).",
                  "The go command takes the page as the answer and fails with a JSON or zip error far from the cause.",
                  "Use the proxy's GOPROXY-protocol URL; authenticate outside the page."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) { CheckContent(s, r, o, "HTML"); }});
  out.push_back({{"net.proxy.invalid-response", Severity::kError, "A proxy's .info or @latest answer is not JSON",
                  "A GOPROXY endpoint that must return JSON returned something else, or an .info for another version.",
                  "The go command fails with \"invalid response from proxy\" (or \"proxy returned info for version … "
                  "instead of requested version\").",
                  "Fix the proxy or its URL (a path prefix is often missing)."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) { CheckContent(s, r, o, "not JSON"); }});
  out.push_back({{"net.proxy.insecure-redirect", Severity::kError, "A proxy redirects from https to http",
                  "A GOPROXY endpoint redirects an https request to an http URL.",
                  "The go command refuses such redirects (\"redirected from secure URL … to insecure URL …\").",
                  "Configure the proxy (or its storage backend) to redirect to https."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) { CheckContent(s, r, o, "https to http"); }});
  out.push_back({{"net.module.unfetchable", Severity::kError, "The go command would fail to fetch a module",
                  "Replaying the go command's GOPROXY walk on the probed answers ends in an error for a module.",
                  "This is the error `go build`, `go mod download` and gopls will report for it.",
                  "Fix the source that failed; the walk shows every entry tried and its outcome.",
                  {"proxy.list.invalid-entry", "proxy.list.empty", "env.file.empty-hides-default"}},
                 CheckUnfetchable});
  out.push_back({{"net.module.checksum-mismatch", Severity::kError,
                  "A proxy serves a go.mod or zip that go.sum or the checksum database contradicts",
                  "The go.mod or zip the serving proxy returns hashes differently from the line in go.sum (or "
                  "go.work.sum), or, when go.sum has none, from the checksum database's record, or the record has no "
                  "such line. Zips are fetched whole (kept on disk; up to the go command's 500 MiB limit, 64 MiB for modules godiag picks itself) and hashed as the go command hashes them.",
                  "The go command checks every download this way and stops with \"SECURITY ERROR\": the content was "
                  "changed on the proxy, in transit, or in go.sum.",
                  "Compare with the module's origin (GOPROXY=direct) to learn which copy is genuine; fix the proxy or "
                  "go.sum, never by disabling verification."},
                 CheckGoModMismatch});
  out.push_back({{"net.private.public-not-found", Severity::kError,
                  "A private module is looked for on public proxies only",
                  "Every proxy answered 404/410 for a module and GONOPROXY/GOPRIVATE does not cover it.",
                  "Without GOPRIVATE the go command never tries the module's own repository unless the list ends in "
                  "direct, and it asks the public checksum database about it.",
                  "Set GOPRIVATE to the module's prefix (go env -w GOPRIVATE=corp.example/*)."},
                 CheckPrivateNotFound});
  out.push_back({{"net.direct.unreachable", Severity::kError, "A module's origin does not answer",
                  "For a module fetched directly, the ?go-get=1 page or the repository does not answer as needed.",
                  "The go command cannot find or clone the repository.",
                  "Check the import path, the repository's URL and credentials."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) { CheckDirect(s, r, o, false); }});
  out.push_back({{"net.direct.vcs-missing", Severity::kError, "The version control tool for a direct module is missing",
                  "A module fetched directly needs a VCS tool (git, hg, …) that is not on the environment's PATH.",
                  "The go command fails with \"missing Git command\" (or the tool's equivalent).",
                  "Install the tool or add it to PATH in this environment."},
                 [](const Snapshot& s, const RuleInfo& r, std::vector<Finding>& o) { CheckDirect(s, r, o, true); }});
  out.push_back({{"net.sumdb.unavailable", Severity::kError, "The checksum database cannot be reached",
                  "Choosing the database's URL (GOSUMDB URL, a proxy's /sumdb/NAME/supported, or direct) or a lookup "
                  "fails with an error other than 404/410.",
                  "Every download whose hash is not yet in go.sum fails with \"verifying module: …\".",
                  "Fix the proxy or network path to the database; do not switch GOSUMDB off.",
                  {"sumdb.config.invalid", "env.file.empty-hides-default"}},
                 CheckSumDbUnavailable});
  out.push_back({{"net.sumdb.lookup-gone", Severity::kError, "The checksum database has no record of a module",
                  "A lookup answered 404 or 410 for a module.",
                  "Typical for a private module asked of the public database: the go command fails with \"verifying "
                  "module: … 410 Gone\".",
                  "Mark private modules with GOPRIVATE (or GONOSUMDB)."},
                 CheckSumDbGone});
  out.push_back({{"net.sumdb.verify-failed", Severity::kError, "The checksum database failed verification (security)",
                  "A signed tree head did not verify with the GOSUMDB key, a tile or record did not hash up to the "
                  "signed tree, or two tree heads are not consistent.",
                  "Either GOSUMDB's key is wrong for this database or someone is serving altered data.",
                  "Check GOSUMDB's key; keep the evidence; do not disable verification."},
                 CheckSumDbSecurity});
  out.push_back({{"net.sumdb.off-but-works", Severity::kWarning, "GOSUMDB=off although the database works from here",
                  "Checksum verification is off, yet the default database is reachable and verifies.",
                  "GOSUMDB=off is often set \"to make it work\"; it removes protection against altered modules.",
                  "go env -u GOSUMDB (keep private modules in GOPRIVATE)."},
                 CheckOffButWorks});
  out.push_back({{"net.sides.differ", Severity::kError, "A module fetches in one environment but not the other",
                  "The terminal's and the editor's go command reach different verdicts for the same module.",
                  "This is the classic \"go build works, gopls shows errors\": the editor's environment differs in "
                  "proxies, certificates or private-module settings.",
                  "Make the editor's environment match the terminal's (see godiag env)."},
                 CheckSidesDiffer});
  out.push_back({{"net.deadline", Severity::kWarning, "Network probes did not finish in time",
                  "Some requests had no complete answer before the probe's deadline.",
                  "The go command has no deadline for module downloads and would hang there.",
                  "Find the slow host in the evidence; raise --timeout to measure it."},
                 CheckDeadline});
}

}  // namespace godiag::rules
