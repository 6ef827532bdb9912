// The catalogue: every rule of godiag, in registration order.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/rule.h"

namespace godiag::rules {

/// All rules. Each domain file contributes through its Add*Rules function.
const std::vector<core::Rule>& AllRules();

void AddProxyRules(std::vector<core::Rule>& out);      // rules/proxy.cc: proxy.*, sumdb.*, pattern.*, vcs.*
void AddEnvRules(std::vector<core::Rule>& out);        // rules/env.cc: env.*, goflags.*, module.*
void AddToolchainRules(std::vector<core::Rule>& out);  // rules/toolchain.cc: toolchain.*, goroot.*, tools.*
void AddEditorRules(std::vector<core::Rule>& out);     // rules/editor.cc: editor.*
void AddWorkspaceRules(std::vector<core::Rule>& out);  // rules/workspace.cc: workspace.*, vendor.*
void AddLspRules(std::vector<core::Rule>& out);        // rules/lsp.cc: lsp.*
void AddNetRules(std::vector<core::Rule>& out);        // rules/net.cc: net.*
void AddSumDbVerifyRules(std::vector<core::Rule>& out);  // rules/sumdb_verify.cc: sumdb.verify.*
void AddDapRules(std::vector<core::Rule>& out);        // rules/dap.cc: dap.* (the probe)
void AddDapConfigRules(std::vector<core::Rule>& out);  // rules/dap_config.cc: dap.config.*, dap.traffic.*
void AddLogsRules(std::vector<core::Rule>& out);       // rules/logs.cc: logs.*
void AddProcessesRules(std::vector<core::Rule>& out);  // rules/processes.cc: processes.*
void AddProblemsRules(std::vector<core::Rule>& out);   // rules/problems.cc: problems.*

/// Rule id -> the real user reports it diagnoses (rules/reports.cc; tests/e2e/reports_test.py).
const std::map<std::string, std::vector<std::string>>& RuleReports();

/// The rules whose id starts with `prefix` (e.g. "net." for `godiag net`).
std::vector<core::Rule> RulesWithPrefix(const std::string& prefix);

/// Only the lsp.* rules (for `godiag lsp probe`).
const std::vector<core::Rule>& LspRules();

}  // namespace godiag::rules
