#include "collect/editor_settings.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

using core::SettingsScope;
using StringMap = std::map<std::string, std::string>;

std::vector<std::string> Paths(const std::vector<core::SettingsFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path);
  return out;
}

std::string Loc(const core::SettingLocation& w) { return w.file + ":" + std::to_string(w.line); }

const core::EnvAssignment* FindEnv(const std::vector<core::EnvAssignment>& env, const std::string& name) {
  for (const auto& a : env) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

TEST(EditorSettingsTest, CandidatesOnLinuxFollowXdgConfigHome) {
  auto files = SettingsFileCandidates("linux", {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/xdg"}}, "/w");
  std::vector<std::string> want = {
      "/xdg/Code/User/settings.json",
      "/xdg/Code - Insiders/User/settings.json",
      "/xdg/VSCodium/User/settings.json",
      "/home/u/.vscode-server/data/Machine/settings.json",
      "/home/u/.vscode-server-insiders/data/Machine/settings.json",
      "/home/u/.vscodium-server/data/Machine/settings.json",
      "/w/.vscode/settings.json",
  };
  EXPECT_EQ(Paths(files), want);
  EXPECT_EQ(files[1].product, "Code - Insiders");
  EXPECT_EQ(files[1].scope, SettingsScope::kUser);
  EXPECT_EQ(files[5].scope, SettingsScope::kRemote);
  EXPECT_EQ(files[6].scope, SettingsScope::kWorkspaceFolder);
  EXPECT_FALSE(files[0].exists);
}

TEST(EditorSettingsTest, CandidatesPerOperatingSystem) {
  EXPECT_EQ(SettingsFileCandidates("linux", {{"HOME", "/home/u"}}, "")[0].path, "/home/u/.config/Code/User/settings.json");
  EXPECT_EQ(SettingsFileCandidates("darwin", {{"HOME", "/Users/u"}}, "")[2].path,
            "/Users/u/Library/Application Support/VSCodium/User/settings.json");
  auto win = SettingsFileCandidates("windows", {{"USERPROFILE", "C:\\Users\\u"}, {"AppData", "C:\\Users\\u\\AppData\\Roaming"}},
                                    "C:\\w");
  EXPECT_EQ(win[0].path, "C:\\Users\\u\\AppData\\Roaming\\Code\\User\\settings.json");
  EXPECT_EQ(win[3].path, "C:\\Users\\u\\.vscode-server\\data\\Machine\\settings.json");
  EXPECT_EQ(win.back().path, "C:\\w\\.vscode\\settings.json");
  EXPECT_EQ(SettingsFileCandidates("linux", {{"HOME", "/h"}, {"VSCODE_APPDATA", "/portable"}}, "")[0].path,
            "/portable/Code/User/settings.json");
  EXPECT_EQ(SettingsFileCandidates("linux", {{"HOME", "/h"}}, "").size(), 6u);  // no folder without a dir
}

struct SubstCase {
  std::string os;
  std::string in;
  std::string folder;
  std::string want;
};

TEST(EditorSettingsTest, SubstitutesLikeVscodeGo) {
  const StringMap env = {{"HOME", "/home/u"}, {"USERPROFILE", "C:\\Users\\u"}, {"PROXY", "http://p:8080"},
                         {"Path", "C:\\bin"}, {"TILDE", "~/x"}};
  const SubstCase cases[] = {
      {"linux", "${env:PROXY}", "", "http://p:8080"},
      {"linux", "${env: PROXY }", "", "http://p:8080"},  // the name is trimmed
      {"linux", "a${env:UNSET}b", "", "ab"},
      {"linux", "${env:}", "", "${env:}"},                // [^}]+ needs one character
      {"linux", "${env:PROXY", "", "${env:PROXY"},
      {"linux", "${env:}${env:PROXY}", "", "${env:}http://p:8080"},
      {"linux", "${env:${env:PROXY}}", "", "}"},           // the name is "${env:PROXY"
      {"linux", "~", "", "/home/u"},
      {"linux", "~/go/bin", "", "/home/u/go/bin"},
      {"linux", "~user/go", "", "/home/u/user/go"},       // path.join(homedir, "user/go")
      {"linux", "~/a/../b/", "", "/home/u/b/"},           // path.join normalizes
      {"linux", "/opt/~/go", "", "/opt/~/go"},
      {"linux", "${env:TILDE}", "", "/home/u/x"},         // env first, then ~
      {"linux", "${workspaceFolder}/bin", "/w/proj", "/w/proj/bin"},
      {"linux", "${workspaceRoot}:${workspaceFolderBasename}", "/w/proj/", "/w/proj/:proj"},
      {"linux", "${workspaceFolder}/bin", "", "${workspaceFolder}/bin"},  // no folder open
      {"linux", "  ", "", "  "},
      {"linux", "${env:path}", "", ""},                   // case matters outside Windows
      {"windows", "${env:PATH}", "", "C:\\bin"},           // Windows env names ignore case
      {"windows", "~/go", "", "C:\\Users\\u\\go"},
  };
  for (const auto& c : cases) {
    SubstitutionContext ctx{c.os, env, c.folder};
    EXPECT_EQ(SubstituteLikeVscodeGo(c.in, ctx), c.want) << c.os << " " << c.in;
  }
}

class CollectTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = {{"HOME", "/home/u"}, {"GOPROXY_URL", "https://proxy.corp"}}; }
  core::EditorSettings Collect(const std::string& dir = "/w") {
    return CollectEditorSettings(fake_.View(), dir, env_);
  }
  testing::FakePlatform fake_;
  StringMap env_;
};

TEST_F(CollectTest, NoFilesGiveDefaults) {
  auto s = Collect();
  EXPECT_EQ(s.files.size(), 7u);
  for (const auto& f : s.files) EXPECT_FALSE(f.exists) << f.path;
  EXPECT_TRUE(s.merged.empty());
  EXPECT_TRUE(s.use_language_server);
  EXPECT_FALSE(s.goroot);
}

TEST_F(CollectTest, MergesUserAndFolderWithCommentsTrailingCommasAndBom) {
  fake_.fs.AddFile("/home/u/.config/Code/User/settings.json",
                   "\xEF\xBB\xBF// user settings\n"
                   "{\n"
                   "  \"go.toolsEnvVars\": {\n"
                   "    \"GOPROXY\": \"${env:GOPROXY_URL}\",\n"
                   "    \"GOFLAGS\": \"-mod=mod\",\n"
                   "  },\n"
                   "  \"go.buildFlags\": [\"-race\", \"-v\"],\n"
                   "  /* the language server */\n"
                   "  \"go.useLanguageServer\": true,\n"
                   "  \"http.proxy\": \"http://user-proxy:3128\",\n"
                   "}\n");
  fake_.fs.AddFile("/w/.vscode/settings.json",
                   "{\n"
                   "  \"go.toolsEnvVars\": {\"GOFLAGS\": \"-mod=vendor\", \"GOPRIVATE\": \"corp.example\"},\n"
                   "  \"go.buildFlags\": [\"-tags=x\"],\n"
                   "  \"http.proxy\": \"http://ignored-in-workspace\",\n"
                   "}\n");
  auto s = Collect();
  ASSERT_EQ(s.tools_env_vars.size(), 3u);
  const auto* proxy = FindEnv(s.tools_env_vars, "GOPROXY");
  ASSERT_TRUE(proxy);
  EXPECT_EQ(proxy->raw, "${env:GOPROXY_URL}");
  EXPECT_EQ(proxy->value, "https://proxy.corp");
  EXPECT_EQ(Loc(proxy->where), "/home/u/.config/Code/User/settings.json:4");
  EXPECT_EQ(proxy->where.scope, SettingsScope::kUser);
  const auto* flags = FindEnv(s.tools_env_vars, "GOFLAGS");
  ASSERT_TRUE(flags);
  EXPECT_EQ(flags->value, "-mod=vendor");
  EXPECT_EQ(Loc(flags->where), "/w/.vscode/settings.json:2");
  EXPECT_EQ(flags->where.scope, SettingsScope::kWorkspaceFolder);
  // The merged object is reported where it was last written.
  EXPECT_EQ(Loc(s.merged.at("go.toolsEnvVars").where), "/w/.vscode/settings.json:2");
  // Arrays replace, they do not concatenate.
  EXPECT_EQ(s.merged.at("go.buildFlags").value.dump(), "[\"-tags=x\"]");
  EXPECT_EQ(s.gopls_build_flags, std::vector<std::string>{"-tags=x"});
  // http.proxy is application-scoped: the workspace value is ignored.
  ASSERT_TRUE(s.http_proxy);
  EXPECT_EQ(s.http_proxy->value, "http://user-proxy:3128");
  EXPECT_EQ(Loc(s.http_proxy->where), "/home/u/.config/Code/User/settings.json:10");
  EXPECT_TRUE(s.unknown_keys.empty());
}

TEST_F(CollectTest, DeepMergesNestedObjectsAcrossAllScopes) {
  fake_.fs.AddFile("/home/u/.config/Code/User/settings.json",
                   "{\"gopls\": {\"build.env\": {\"A\": \"1\", \"B\": \"2\"}, \"ui.semanticTokens\": true}}");
  fake_.fs.AddFile("/home/u/.vscode-server/data/Machine/settings.json", "{\"gopls\": {\"build.env\": {\"B\": \"remote\"}}}");
  fake_.fs.AddFile("/w/w.code-workspace",
                   "{\"folders\": [{\"path\": \".\"}],\n \"settings\": {\n  \"gopls\": {\"build.env\": {\"C\": \"3\"}}}}");
  fake_.fs.AddFile("/w/.vscode/settings.json", "{\n\n\"gopls\": {\"build.env\": {\"A\": \"folder\"}}}");
  auto s = Collect();
  EXPECT_EQ(s.merged.at("gopls").value.dump(),
            "{\"build.env\":{\"A\":\"folder\",\"B\":\"remote\",\"C\":\"3\"},\"ui.semanticTokens\":true}");
  ASSERT_EQ(s.gopls_build_env.size(), 3u);
  EXPECT_EQ(Loc(FindEnv(s.gopls_build_env, "A")->where), "/w/.vscode/settings.json:3");
  EXPECT_EQ(Loc(FindEnv(s.gopls_build_env, "B")->where), "/home/u/.vscode-server/data/Machine/settings.json:1");
  EXPECT_EQ(FindEnv(s.gopls_build_env, "B")->where.scope, SettingsScope::kRemote);
  EXPECT_EQ(Loc(FindEnv(s.gopls_build_env, "C")->where), "/w/w.code-workspace:3");
  EXPECT_EQ(FindEnv(s.gopls_build_env, "C")->where.scope, SettingsScope::kWorkspaceFile);
  std::vector<std::string> want_files = {
      "/home/u/.config/Code/User/settings.json",
      "/home/u/.config/Code - Insiders/User/settings.json",
      "/home/u/.config/VSCodium/User/settings.json",
      "/home/u/.vscode-server/data/Machine/settings.json",
      "/home/u/.vscode-server-insiders/data/Machine/settings.json",
      "/home/u/.vscodium-server/data/Machine/settings.json",
      "/w/w.code-workspace",
      "/w/.vscode/settings.json",
  };
  EXPECT_EQ(Paths(s.files), want_files);
}

TEST_F(CollectTest, ReplacingAnObjectByAScalarDropsItsOldLocations) {
  fake_.fs.AddFile("/home/u/.config/Code/User/settings.json", "{\"go.toolsEnvVars\": {\"A\": \"1\"}}");
  fake_.fs.AddFile("/w/.vscode/settings.json", "{\"go.toolsEnvVars\": null}");
  auto s = Collect();
  EXPECT_TRUE(s.tools_env_vars.empty());
  EXPECT_TRUE(s.merged.at("go.toolsEnvVars").value.is_null());
}

TEST_F(CollectTest, PrefersCodeWhenSeveralProductsHaveSettings) {
  fake_.fs.AddFile("/home/u/.config/Code/User/settings.json", "{\"go.goroot\": \"/code/go\"}");
  fake_.fs.AddFile("/home/u/.config/Code - Insiders/User/settings.json", "{\"go.goroot\": \"/insiders/go\", \"go.gorot\": 1}");
  fake_.fs.AddFile("/home/u/.config/VSCodium/User/settings.json", "{\"go.goroot\": \"/codium/go\"}");
  fake_.fs.AddFile("/home/u/.vscodium-server/data/Machine/settings.json", "{\"go.gopath\": \"/codium/gopath\"}");
  auto s = Collect();
  ASSERT_TRUE(s.goroot);
  EXPECT_EQ(s.goroot->value, "/code/go");
  EXPECT_FALSE(s.gopath);  // VSCodium's remote settings belong to another product
  // Unknown keys are still reported in files of the products not chosen.
  ASSERT_EQ(s.unknown_keys.size(), 1u);
  EXPECT_EQ(s.unknown_keys[0].key, "go.gorot");
  EXPECT_EQ(s.unknown_keys[0].suggestion, "go.goroot");
  EXPECT_EQ(Loc(s.unknown_keys[0].where), "/home/u/.config/Code - Insiders/User/settings.json:1");
}

TEST_F(CollectTest, UsesTheFirstProductPresentInOrder) {
  fake_.fs.AddFile("/home/u/.vscodium-server/data/Machine/settings.json", "{\"go.goroot\": \"~/sdk/go\"}");
  fake_.fs.AddFile("/home/u/.config/Code - Insiders/User/settings.json", "{\"go.goroot\": \"/insiders/go\"}");
  auto s = Collect();
  ASSERT_TRUE(s.goroot);
  EXPECT_EQ(s.goroot->value, "/insiders/go");  // Insiders comes before VSCodium
}

TEST_F(CollectTest, UsesRemoteSettingsOfTheOnlyProductPresent) {
  fake_.fs.AddFile("/home/u/.vscodium-server/data/Machine/settings.json", "{\"go.goroot\": \"~/sdk/go\"}");
  auto s = Collect();
  ASSERT_TRUE(s.goroot);
  EXPECT_EQ(s.goroot->value, "/home/u/sdk/go");
  EXPECT_EQ(s.goroot->where.scope, SettingsScope::kRemote);
}

TEST_F(CollectTest, ABrokenFileIsReportedAndSkipped) {
  fake_.fs.AddFile("/home/u/.config/Code/User/settings.json",
                   "{\n  \"go.goroot\": \"/usr/lib/go\"\n  \"go.gopath\": \"/gp\"\n}\n");
  fake_.fs.AddFile("/w/.vscode/settings.json", "{\"go.gopath\": \"${workspaceFolder}/gopath\"}");
  auto s = Collect();
  ASSERT_EQ(s.files.size(), 7u);
  EXPECT_TRUE(s.files[0].exists);
  EXPECT_EQ(s.files[0].parse_error, "/home/u/.config/Code/User/settings.json:3:3: expected ',' or '}'");
  EXPECT_FALSE(s.files[6].parse_error);
  EXPECT_FALSE(s.goroot);
  ASSERT_TRUE(s.gopath);
  EXPECT_EQ(s.gopath->value, "/w/gopath");
}

TEST_F(CollectTest, ADirectoryWhereAFileShouldBeIsAnError) {
  fake_.fs.AddDir("/w/.vscode/settings.json");
  auto s = Collect();
  EXPECT_TRUE(s.files.back().exists);
  EXPECT_EQ(s.files.back().parse_error, "/w/.vscode/settings.json: is a directory");
}

TEST_F(CollectTest, WorkspaceFileFoldersDecideTheWorkspaceFolder) {
  fake_.fs.AddFile("/w/b.code-workspace",
                   "// multi-root\n{\"folders\": [{\"path\": \"../other\"}, {\"path\": \"/abs\"}],\n"
                   "\"settings\": {\"go.toolsEnvVars\": {\"X\": \"${workspaceFolderBasename}\"},}}");
  fake_.fs.AddFile("/w/a.code-workspace", "{\"settings\": ");
  auto s = Collect();
  ASSERT_EQ(s.tools_env_vars.size(), 1u);
  EXPECT_EQ(s.tools_env_vars[0].value, "other");
  EXPECT_EQ(Loc(s.tools_env_vars[0].where), "/w/b.code-workspace:3");
  // Both workspace files are listed; only the first that parses is merged.
  EXPECT_EQ(s.files[6].path, "/w/a.code-workspace");
  EXPECT_EQ(s.files[6].parse_error, "/w/a.code-workspace:1:14: unexpected end of input");
  EXPECT_EQ(s.files[7].path, "/w/b.code-workspace");
}

TEST_F(CollectTest, FlagsUnknownKeysWithLinesAndSuggestions) {
  fake_.fs.AddFile("/w/.vscode/settings.json",
                   "{\n"
                   "  \"go.toolEnvVars\": {},\n"
                   "  \"[go]\": {\"editor.formatOnSave\": true, \"go.whatever\": 1},\n"
                   "  \"editor.tabSize\": 4,\n"
                   "  \"go.goplsInitializeTimeout\": 5,\n"
                   "  \"gopls\": {\n"
                   "    \"build.env\": {},\n"
                   "    \"formatting.gofumpts\": true,\n"
                   "    \"ui.semanticTokens\": true\n"
                   "  }\n"
                   "}\n");
  auto s = Collect();
  ASSERT_EQ(s.unknown_keys.size(), 3u);
  EXPECT_EQ(s.unknown_keys[0].key, "go.goplsInitializeTimeout");
  EXPECT_EQ(s.unknown_keys[0].suggestion, "gopls");
  EXPECT_EQ(Loc(s.unknown_keys[0].where), "/w/.vscode/settings.json:5");
  EXPECT_EQ(s.unknown_keys[1].key, "go.toolEnvVars");
  EXPECT_EQ(s.unknown_keys[1].suggestion, "go.toolsEnvVars");
  EXPECT_EQ(Loc(s.unknown_keys[1].where), "/w/.vscode/settings.json:2");
  EXPECT_EQ(s.unknown_keys[2].key, "gopls.formatting.gofumpts");
  EXPECT_EQ(s.unknown_keys[2].suggestion, "formatting.gofumpt");
  EXPECT_EQ(Loc(s.unknown_keys[2].where), "/w/.vscode/settings.json:8");
  EXPECT_EQ(s.unknown_keys[2].where.scope, SettingsScope::kWorkspaceFolder);
}

TEST_F(CollectTest, NonStringEnvironmentValuesAreProblems) {
  fake_.fs.AddFile("/w/.vscode/settings.json",
                   "{\"go.toolsEnvVars\": {\"CGO_ENABLED\": 0, \"X\": true, \"L\": [1, null, \"a\"], \"F\": 1.5},\n"
                   " \"gopls\": {\"env\": {\"CGO_ENABLED\": 1, \"GOFLAGS\": \"-tags=a\"}}}");
  auto s = Collect();
  const auto* cgo = FindEnv(s.tools_env_vars, "CGO_ENABLED");
  ASSERT_TRUE(cgo);
  EXPECT_EQ(cgo->raw, "0");
  EXPECT_EQ(cgo->value, "0");
  EXPECT_EQ(cgo->problem, "value is not a string (the Go extension passes it on as \"0\")");
  EXPECT_EQ(FindEnv(s.tools_env_vars, "X")->value, "true");
  EXPECT_EQ(FindEnv(s.tools_env_vars, "L")->value, "1,,a");
  EXPECT_EQ(FindEnv(s.tools_env_vars, "F")->value, "1.5");
  // The legacy flat "env" name is gopls's build.env too.
  ASSERT_EQ(s.gopls_build_env.size(), 2u);
  EXPECT_EQ(FindEnv(s.gopls_build_env, "CGO_ENABLED")->problem,
            "value is not a string (gopls rejects the whole \"env\" setting: invalid map value)");
  EXPECT_FALSE(FindEnv(s.gopls_build_env, "GOFLAGS")->problem);
  EXPECT_EQ(FindEnv(s.gopls_build_env, "GOFLAGS")->value, "-tags=a");
}

TEST_F(CollectTest, ReadsLanguageServerAndToolSettings) {
  fake_.fs.AddFile("/home/u/.config/Code/User/settings.json",
                   "{\"go.useLanguageServer\": \"yes\",\n"
                   " \"go.languageServerFlags\": [\"-rpc.trace\", 3, \"-logfile=/tmp/g.log\"],\n"
                   " \"go.alternateTools\": {\"go\": \"${env:HOME}/bin/go\", \"gopls\": 7},\n"
                   " \"go.buildFlags\": [\"-mod=mod\"], \"go.buildTags\": \"integration\"}");
  auto s = Collect();
  EXPECT_FALSE(s.use_language_server);  // vscode-go tests `=== true`
  EXPECT_EQ(s.language_server_flags, (std::vector<std::string>{"-rpc.trace", "-logfile=/tmp/g.log"}));
  ASSERT_EQ(s.alternate_tools.size(), 2u);
  EXPECT_EQ(s.alternate_tools.at("go").value, "/home/u/bin/go");
  EXPECT_EQ(s.alternate_tools.at("go").key, "go.alternateTools");
  EXPECT_EQ(Loc(s.alternate_tools.at("go").where), "/home/u/.config/Code/User/settings.json:3");
  EXPECT_EQ(s.alternate_tools.at("gopls").value, 7);
  EXPECT_EQ(s.gopls_build_flags, (std::vector<std::string>{"-mod=mod", "-tags", "integration"}));
}

TEST(EditorSettingsMergeTest, GoplsBuildFlagsWinOverGoBuildFlags) {
  ParsedSettingsFile f = ParseSettingsFile({"/s.json", SettingsScope::kUser, "Code", false, std::nullopt},
                                           "{\"go.buildFlags\": [\"-a\"], \"go.buildTags\": \"t\","
                                           " \"gopls\": {\"build.buildFlags\": [\"-b\"]}}");
  auto s = MergeEditorSettings({f}, SubstitutionContext{"linux", {}, ""});
  EXPECT_EQ(s.gopls_build_flags, std::vector<std::string>{"-b"});
  f = ParseSettingsFile({"/s.json", SettingsScope::kUser, "Code", false, std::nullopt},
                        "{\"go.buildFlags\": [\"-tags\", \"x\"], \"go.buildTags\": \"t\"}");
  s = MergeEditorSettings({f}, SubstitutionContext{"linux", {}, ""});
  EXPECT_EQ(s.gopls_build_flags, (std::vector<std::string>{"-tags", "x"}));
}

TEST(EditorSettingsMergeTest, ParseErrorsNameTheFile) {
  auto f = ParseSettingsFile({"/s.json", SettingsScope::kUser, "Code", false, std::nullopt}, "[1]");
  EXPECT_TRUE(f.file.exists);
  EXPECT_FALSE(f.settings);
  EXPECT_EQ(f.file.parse_error, "/s.json:1:1: expected a JSON object ('{') at the top level");
  f = ParseSettingsFile({"/s.json", SettingsScope::kUser, "Code", false, std::nullopt}, "");
  ASSERT_TRUE(f.settings);
  EXPECT_EQ(f.settings->value.dump(), "{}");
}

}  // namespace
}  // namespace godiag::collect
