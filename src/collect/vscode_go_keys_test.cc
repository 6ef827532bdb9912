#include "collect/vscode_go_keys.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace godiag::collect {
namespace {

struct KeyCase {
  std::string key;
  bool known;
  std::optional<std::string> suggestion;
};

std::string Show(const std::optional<std::string>& s) { return s ? *s : "(none)"; }

TEST(VscodeGoKeysTest, ChecksTopLevelKeys) {
  const KeyCase cases[] = {
      {"go.toolsEnvVars", true, std::nullopt},
      {"go.goroot", true, std::nullopt},
      {"go.useLanguageServer", true, std::nullopt},
      {"go.buildOnSave", true, std::nullopt},  // deprecated but still defined
      {"go.inlayHints.ignoredError", true, std::nullopt},
      {"gopls", true, std::nullopt},
      {"editor.formatOnSave", true, std::nullopt},  // not ours
      {"[go]", true, std::nullopt},
      {"go", true, std::nullopt},
      {"go.toolEnvVars", false, "go.toolsEnvVars"},
      {"go.toolsEnvVar", false, "go.toolsEnvVars"},
      {"go.GOROOT", false, "go.goroot"},
      {"go.goRoot", false, "go.goroot"},
      {"go.alternateTool", false, "go.alternateTools"},
      {"go.lanugageServerFlags", false, "go.languageServerFlags"},  // transposition
      {"go.goplsInitializeTimeout", false, "gopls"},
      {"go.gopls", false, "gopls"},
      {"go.gopls.build.env", false, "gopls"},
      {"gopls.build.env", false, "gopls"},
      {"go.useGoProxyToCheckForToolUpdates", false, "go.toolsManagement.checkForUpdates"},
      {"go.formatOnSave", false, "editor.formatOnSave"},
      {"go.testExplorerPackages", false, "go.testExplorer.packageDisplayMode"},
      {"go.gocodeAutoBuild", false, std::nullopt},
      {"go.languageServerExperimentalFeatures", false, std::nullopt},
      {"go.docsTool", false, std::nullopt},
      {"go.somethingCompletelyDifferent", false, std::nullopt},
      {"go.x", false, std::nullopt},
  };
  for (const auto& c : cases) {
    KeyVerdict v = CheckTopLevelKey(c.key);
    EXPECT_EQ(v.known, c.known) << c.key;
    EXPECT_EQ(Show(v.suggestion), Show(c.suggestion)) << c.key;
  }
}

TEST(VscodeGoKeysTest, ChecksGoplsKeysByTheirLastSegmentAsGoplsDoes) {
  const KeyCase cases[] = {
      {"build.env", true, std::nullopt},
      {"env", true, std::nullopt},          // the legacy flat name
      {"ui.env", true, std::nullopt},       // gopls discards the prefix unchecked
      {"build.buildFlags", true, std::nullopt},
      {"ui.semanticTokens", true, std::nullopt},
      {"formatting.gofumpt", true, std::nullopt},
      {"ui.diagnostic.analyses", true, std::nullopt},
      {"allExperiments", true, std::nullopt},
      {"ui.completion.completeUnimported", true, std::nullopt},
      {"build.Env", false, "build.env"},
      {"formatting.gofumpts", false, "formatting.gofumpt"},
      {"ui.semanticToken", false, "ui.semanticTokens"},
      {"buildFlag", false, "build.buildFlags"},
      {"build.memoryMode", false, std::nullopt},
      {"build.experimentalWorkspaceModule", false, std::nullopt},
      {"ui.diagnostic.experimentalDiagnosticsDelay", false, "ui.diagnostic.diagnosticsDelay"},
      {"ui.diagnostic.staticcheckProvided", false, "ui.diagnostic.staticcheck"},
      {"codelens", false, "ui.codelenses"},
      {"noSuchThingAtAll", false, std::nullopt},
  };
  for (const auto& c : cases) {
    KeyVerdict v = CheckGoplsKey(c.key);
    EXPECT_EQ(v.known, c.known) << c.key;
    EXPECT_EQ(Show(v.suggestion), Show(c.suggestion)) << c.key;
  }
}

TEST(VscodeGoKeysTest, EditDistanceCountsTranspositionsAndIgnoresCase) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("GOROOT", "goroot"), 0);
  EXPECT_EQ(EditDistance("ab", "ba"), 1);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("ca", "abc"), 3);  // optimal string alignment, not full Damerau
}

TEST(VscodeGoKeysTest, NearestNameOnlySuggestsCloseNames) {
  const std::vector<std::string> names = {"goroot", "gopath", "toolsEnvVars"};
  EXPECT_EQ(Show(NearestName("gorot", names)), "goroot");
  EXPECT_EQ(Show(NearestName("toolsEnvVarz", names)), "toolsEnvVars");
  EXPECT_EQ(Show(NearestName("xyz", names)), "(none)");
  EXPECT_EQ(Show(NearestName("gxxxxt", names)), "(none)");
}

TEST(VscodeGoKeysTest, NameListsAreSortedAndComplete) {
  const auto& go = VscodeGoSettingNames();
  EXPECT_TRUE(std::is_sorted(go.begin(), go.end()));
  EXPECT_EQ(go.size(), 67u);
  const auto& gopls = GoplsDocumentedSettingNames();
  EXPECT_TRUE(std::is_sorted(gopls.begin(), gopls.end()));
  EXPECT_EQ(gopls.size(), 43u);
  for (const auto& k : gopls) EXPECT_TRUE(CheckGoplsKey(k).known) << k;
  for (const auto& k : go) EXPECT_TRUE(CheckTopLevelKey(k).known) << k;
}

}  // namespace
}  // namespace godiag::collect
