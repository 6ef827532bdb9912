// Which real user reports each rule diagnoses: shown in docs/rules.md and `godiag rules`.
// Every report listed here is recreated in tests/e2e/reports_test.py (R-numbers in
// tests/e2e/reports/CATALOGUE.md), where the finding must name the report's true cause.
#include "rules/all.h"

namespace godiag::rules {

const std::map<std::string, std::vector<std::string>>& RuleReports() {
  static const std::map<std::string, std::vector<std::string>> kReports = {
      {"pattern.list.space", {"istio/test-infra#3278"}},
      {"env.variable.misspelled", {"gomods/athens#2056", "goproxyio/goproxy#59"}},
      {"toolchain.gotoolchain.language-version", {"golang/go#66175"}},
      {"toolchain.go-line.too-new", {"stashapp/stash#6887"}},
      {"goroot.invalid", {"danielmiessler/Fabric#971"}},
      {"editor.goroot.missing", {"golang/vscode-go#1501"}},
      {"editor.alternate-tools.missing", {"golang/vscode-go#1525"}},
      {"editor.settings.unexpanded-variable", {"microsoft/vscode-go#784"}},
      {"editor.settings.unknown-key", {"barklan/kanagawa.vscode#15"}},
      {"module.go111module.off-in-module", {"goproxy/goproxy.cn#14"}},
      {"vendor.inconsistent", {"cloudamqp/terraform-provider-cloudamqp#112"}},
  };
  return kReports;
}

}  // namespace godiag::rules
