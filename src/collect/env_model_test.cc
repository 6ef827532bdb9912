#include "collect/env_model.h"

#include <gtest/gtest.h>

namespace godiag::collect {
namespace {

using core::SourceKind;

core::EnvFile File(const std::string& path, std::vector<core::EnvFileEntry> entries) {
  core::EnvFile f;
  f.path = path;
  f.exists = true;
  f.entries = std::move(entries);
  return f;
}

TEST(EnvModelTest, TerminalPrecedenceIsProcessThenUserFileThenGoEnvThenDefault) {
  auto process = TagEnvironment({{"GOPRIVATE", "*.corp"}, {"GOFLAGS", ""}}, SourceKind::kProcessEnv);
  auto user = File("/h/.config/go/env", {{"GOFLAGS", "-mod=mod", 1}, {"GOPRIVATE", "ignored", 2}, {"GOPROXY", "", 3}});
  auto goroot = File("/go/go.env", {{"GOPROXY", "https://proxy.golang.org,direct", 1}, {"GOSUMDB", "sum.golang.org", 2}});
  auto env = ResolveEnvironment(process, user, goroot, {{"GOPATH", "/h/go"}});
  EXPECT_EQ(env["GOPRIVATE"].value, "*.corp");
  EXPECT_EQ(env["GOPRIVATE"].source.kind, SourceKind::kProcessEnv);
  // An empty OS value counts as unset: the user file decides.
  EXPECT_EQ(env["GOFLAGS"].value, "-mod=mod");
  EXPECT_EQ(env["GOFLAGS"].source.kind, SourceKind::kUserEnvFile);
  EXPECT_EQ(env["GOFLAGS"].source.line, 1);
  // An empty user-file value shadows go.env.
  EXPECT_EQ(env["GOPROXY"].value, "");
  EXPECT_TRUE(env["GOPROXY"].set);
  EXPECT_EQ(env["GOPROXY"].source.kind, SourceKind::kUserEnvFile);
  EXPECT_EQ(env["GOSUMDB"].source.kind, SourceKind::kGorootEnvFile);
  EXPECT_EQ(DescribeSource(env["GOSUMDB"].source), "$GOROOT/go.env /go/go.env:2");
  EXPECT_EQ(env["GOPATH"].source.kind, SourceKind::kGoDefault);
  EXPECT_FALSE(env["GOINSECURE"].set);
  // go env fills GONOPROXY from GOPRIVATE; that is not a value of its own.
  auto derived = ResolveEnvironment(process, user, goroot, {{"GONOPROXY", "*.corp"}});
  EXPECT_FALSE(derived["GONOPROXY"].set);
}

TEST(EnvModelTest, GoEnvOffDisablesTheUserFile) {
  auto user = File("/h/.config/go/env", {{"GOPROXY", "off", 1}});
  user.disabled = true;
  auto env = ResolveEnvironment({}, user, core::EnvFile{}, {});
  EXPECT_FALSE(env["GOPROXY"].set);
}

TEST(EnvModelTest, ProcessOnlyVariablesIgnoreEnvFiles) {
  auto user = File("/h/.config/go/env", {{"PATH", "/evil", 1}, {"HTTPS_PROXY", "http://p", 2}});
  auto env = ResolveEnvironment({}, user, core::EnvFile{}, {});
  EXPECT_FALSE(env["PATH"].set);
  EXPECT_FALSE(env["HTTPS_PROXY"].set);
}

core::EditorSettings Settings() {
  core::EditorSettings s;
  core::SettingLocation ws{"/ws/.vscode/settings.json", 0, core::SettingsScope::kWorkspaceFolder};
  ws.line = 3;
  s.tools_env_vars.push_back({"GOPROXY", "https://corp,direct", "https://corp,direct", ws, std::nullopt});
  ws.line = 4;
  s.tools_env_vars.push_back({"GOFLAGS", "-json -mod=mod", "-json -mod=mod", ws, std::nullopt});
  ws.line = 5;
  s.tools_env_vars.push_back({"GONOSUMDB", "1", "1", ws, std::string("value is not a string")});
  s.http_proxy = core::EditorSetting{"http.proxy", "http://proxy:3128", {"/h/settings.json", 9, core::SettingsScope::kUser}};
  ws.line = 12;
  s.gopls_build_env.push_back({"GOFLAGS", "-tags=integration", "-tags=integration", ws, std::nullopt});
  return s;
}

ProcessEnv EditorEnv(const std::map<std::string, std::string>& inherited, SourceKind kind, const core::EditorSettings& s) {
  return WithGoplsBuildEnv(ToolExecutionEnv(ExtensionHostEnv(inherited, kind, s, true), s), s);
}

TEST(EnvModelTest, EditorFollowsVscodeGoRules) {
  auto env = EditorEnv({{"PATH", "/usr/bin"}, {"GOFLAGS", "-v"}}, SourceKind::kLoginShell, Settings());
  EXPECT_EQ(env["PATH"].source.kind, SourceKind::kLoginShell);
  EXPECT_EQ(env["GOPROXY"].value, "https://corp,direct");
  EXPECT_EQ(env["GOPROXY"].source.kind, SourceKind::kToolsEnvVars);
  EXPECT_EQ(env["GOPROXY"].source.line, 3);
  EXPECT_EQ(env["GONOSUMDB"].value, "1");  // non-string values are passed on stringified, like Node does
  for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"}) {
    EXPECT_EQ(env[name].value, "http://proxy:3128") << name;
    EXPECT_EQ(env[name].source.kind, SourceKind::kHttpProxySetting) << name;
  }
  // gopls build.env comes last and wins over toolsEnvVars.
  EXPECT_EQ(env["GOFLAGS"].value, "-tags=integration");
  EXPECT_EQ(env["GOFLAGS"].source.kind, SourceKind::kGoplsBuildEnv);
}

TEST(EnvModelTest, JsonFlagIsStrippedFromGoFlags) {
  auto s = Settings();
  s.gopls_build_env.clear();
  auto env = EditorEnv({}, SourceKind::kProcessEnv, s);
  EXPECT_EQ(env["GOFLAGS"].value, "-mod=mod");
  EXPECT_EQ(env["GOFLAGS"].source.kind, SourceKind::kEditorRewrite);
}

TEST(EnvModelTest, FillInsOnlyWhenUnsetAndNeverGoroot) {
  ProcessEnv env = TagEnvironment({{"GOPATH", "/mine"}}, SourceKind::kLoginShell);
  ApplyGoEnvFillIns(env, {{"GOPATH", "/h/go"},
                          {"GOROOT", "/usr/local/go"},
                          {"GOFLAGS", "-x"},
                          {"GOBIN", " "},
                          {"GOMODCACHE", " /h/go/pkg/mod\n"},
                          {"GOPROXY", "https://proxy.golang.org,direct"}});
  EXPECT_EQ(env["GOPATH"].value, "/mine");
  EXPECT_EQ(env.count("GOROOT"), 0u);  // only the extension's own current GOROOT
  EXPECT_EQ(env.count("GOFLAGS"), 0u);
  EXPECT_EQ(env.count("GOBIN"), 0u);   // blank after trimming
  EXPECT_EQ(env["GOMODCACHE"].value, "/h/go/pkg/mod");
  EXPECT_EQ(env["GOPROXY"].source.kind, SourceKind::kGoEnvFillIn);
}

TEST(EnvModelTest, GorootSettingOnlyWhenADirectory) {
  core::EditorSettings s;
  s.goroot = core::EditorSetting{"go.goroot", "/opt/go", {"/h/settings.json", 2, core::SettingsScope::kUser}};
  EXPECT_EQ(ExtensionHostEnv({}, SourceKind::kLoginShell, s, true)["GOROOT"].source.kind, SourceKind::kGorootSetting);
  EXPECT_EQ(ExtensionHostEnv({}, SourceKind::kLoginShell, s, false).count("GOROOT"), 0u);
}

TEST(EnvModelTest, ToolsGopathIsReplacedByTheHostsGopath) {
  core::EditorSettings s;
  s.tools_env_vars.push_back({"GOPATH", "/b", "/b", {"/h/settings.json", 3, core::SettingsScope::kUser}, std::nullopt});
  auto env = ToolExecutionEnv(TagEnvironment({{"GOPATH", "/a"}}, SourceKind::kLoginShell), s);
  EXPECT_EQ(env["GOPATH"].value, "/a");  // toolExecutionEnvironment sets GOPATH from getCurrentGoPath() last
  EXPECT_EQ(ToolExecutionEnv({}, s)["GOPATH"].value, "/b");
}

TEST(EnvModelTest, UnknownGoValuesAreNeverEmpty) {
  auto process = TagEnvironment({{"GOPRIVATE", "*.corp"}, {"PATH", "/usr/bin"}}, SourceKind::kLoginShell);
  auto user = File("/h/.config/go/env", {{"GOFLAGS", "-mod=mod", 1}});
  auto env = ResolveEnvironment(process, user, core::EnvFile{}, {}, std::string("the Go extension finds no go"));
  EXPECT_EQ(env["GOPRIVATE"].value, "*.corp");           // set: known
  EXPECT_EQ(env["GOFLAGS"].source.kind, SourceKind::kUserEnvFile);
  EXPECT_EQ(env["GOPROXY"].unknown, "the Go extension finds no go");
  EXPECT_FALSE(env["GOPROXY"].set);
  EXPECT_EQ(env["GOSUMDB"].unknown, "the Go extension finds no go");
  EXPECT_FALSE(env["HTTPS_PROXY"].unknown.has_value());  // never computed by go: plainly unset
  EXPECT_FALSE(env["PATH"].unknown.has_value());
}

}  // namespace
}  // namespace godiag::collect
