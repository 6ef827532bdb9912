#include "collect/editor_model.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

using StringMap = std::map<std::string, std::string>;

// The install of issue 10: Go in /usr/local/go, gopls in ~/go/bin, PATH only in ~/.bashrc,
// so the login shell's PATH has no go.
struct Install {
  testing::FakeFileSystem fs;
  core::EditorSettings settings;
  StringMap inherited = {{"HOME", "/home/u"}, {"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}};
  std::vector<std::pair<std::string, StringMap>> runs;  // every `go env` asked for
  bool go_env_fails = false;

  explicit Install(bool usr_local_go = true) {
    if (usr_local_go) fs.AddFile("/usr/local/go/bin/go", "", true);
    fs.AddFile("/home/u/go/bin/gopls", "", true);
  }

  Activation Activate() {
    ActivationInputs in;
    in.inherited = inherited;
    in.settings = &settings;
    return ModelActivation(fs, in, [this](const std::string& go, const StringMap& env) {
      runs.emplace_back(go, env);
      core::GoEnvRun run;
      run.go_path = go;
      if (go_env_fails) {
        run.error = "go: GOPATH entry is relative; must be absolute path: \"x\".";
        run.exit_code = 1;
        return run;
      }
      run.ok = true;
      std::string goroot = go.substr(0, go.size() - std::string("/bin/go").size());
      run.values = {{"GOROOT", goroot + "\n"}, {"GOPATH", "/home/u/go"}, {"GOPROXY", "https://proxy.golang.org,direct"},
                    {"GOBIN", ""}, {"GOMODCACHE", "/home/u/go/pkg/mod"}};
      return run;
    });
  }
};

std::string Get(const ProcessEnv& env, const std::string& k) {
  auto it = env.find(k);
  return it == env.end() ? "" : it->second.value;
}

TEST(EditorModelTest, DefaultPathGoPutsGorootBinFirstAndGoplsFindsIt) {
  Install i;
  Activation a = i.Activate();
  EXPECT_FALSE(a.model.stopped);
  EXPECT_EQ(a.model.go.path, "/usr/local/go/bin/go");
  EXPECT_EQ(a.model.go.why, "default");
  EXPECT_EQ(a.model.goroot, "/usr/local/go");
  EXPECT_EQ(a.model.path_prepended, "/usr/local/go/bin");
  EXPECT_EQ(Get(a.tools, "PATH"), "/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  EXPECT_EQ(a.tools.at("PATH").source.kind, core::SourceKind::kExtensionPath);
  EXPECT_EQ(a.model.gopls_go, "/usr/local/go/bin/go");
  EXPECT_EQ(Get(a.tools, "GOPATH"), "/home/u/go");
  EXPECT_EQ(a.tools.at("GOPATH").source.kind, core::SourceKind::kGoEnvFillIn);
  EXPECT_EQ(a.tools.count("GOROOT"), 0u);  // the extension keeps GOROOT to itself
  EXPECT_EQ(a.tools.count("GOBIN"), 0u);   // empty in go env: not filled in
  EXPECT_FALSE(a.unknown);
  EXPECT_EQ(i.runs.size(), 1u);  // gopls's go env is the extension's: same go, same inputs
  core::ToolInfo gopls = FindEditorTool(i.fs, "gopls", a, i.settings, HostOs::kLinux);
  EXPECT_EQ(gopls.path, "/home/u/go/bin/gopls");
  EXPECT_EQ(gopls.why, "gopath");
  EXPECT_EQ(gopls.found_by, "GOPATH/bin /home/u/go/bin");
}

TEST(EditorModelTest, ActivateEnvironmentFalseLeavesGoplsWithoutGo) {
  Install i;
  i.settings.activate_environment = false;
  Activation a = i.Activate();
  EXPECT_FALSE(a.model.stopped);
  EXPECT_FALSE(a.model.path_prepended);
  EXPECT_EQ(Get(a.tools, "PATH"), i.inherited["PATH"]);
  EXPECT_EQ(a.model.gopls_go, "");
  EXPECT_EQ(a.unknown, "gopls finds no go on its PATH");
  EXPECT_EQ(FindEditorTool(i.fs, "gopls", a, i.settings, HostOs::kLinux).path, "/home/u/go/bin/gopls");
}

TEST(EditorModelTest, GoOnPathChangesNothing) {
  Install i;
  i.fs.AddFile("/usr/local/bin/go", "", true);  // a link to /usr/local/go/bin/go, say
  Activation a = i.Activate();
  EXPECT_EQ(a.model.go.why, "path");
  EXPECT_FALSE(a.model.path_prepended);
  EXPECT_EQ(Get(a.tools, "PATH"), i.inherited["PATH"]);
  EXPECT_EQ(a.model.gopls_go, "/usr/local/bin/go");
}

TEST(EditorModelTest, GoOnlyInGorootSetting) {
  Install i(false);
  i.fs.AddFile("/opt/sdk/go1.26/bin/go", "", true);
  i.settings.goroot = core::EditorSetting{"go.goroot", "/opt/sdk/go1.26", {"/home/u/.config/Code/User/settings.json", 2,
                                                                          core::SettingsScope::kUser}};
  Activation a = i.Activate();
  EXPECT_EQ(a.model.go.path, "/opt/sdk/go1.26/bin/go");
  EXPECT_EQ(a.model.go.why, "goroot");
  EXPECT_EQ(a.tools.at("GOROOT").source.kind, core::SourceKind::kGorootSetting);
  EXPECT_EQ(a.model.path_prepended, "/opt/sdk/go1.26/bin");
  EXPECT_EQ(a.model.gopls_go, "/opt/sdk/go1.26/bin/go");
}

TEST(EditorModelTest, NoGoStopsActivationAndNothingIsLookedFor) {
  Install i(false);
  Activation a = i.Activate();
  ASSERT_TRUE(a.model.stopped);
  EXPECT_NE(a.model.stopped->find("finds no go"), std::string::npos);
  EXPECT_EQ(a.unknown, "the Go extension finds no go");
  EXPECT_TRUE(i.runs.empty());
  core::ToolInfo gopls = FindEditorTool(i.fs, "gopls", a, i.settings, HostOs::kLinux);
  EXPECT_EQ(gopls.path, "");
  ASSERT_TRUE(gopls.unknown);
}

TEST(EditorModelTest, FailingGoEnvStopsActivation) {
  Install i;
  i.go_env_fails = true;
  Activation a = i.Activate();
  ASSERT_TRUE(a.model.stopped);
  EXPECT_NE(a.model.stopped->find("env` fails for the Go extension: go: GOPATH entry is relative"), std::string::npos);
  EXPECT_FALSE(a.go_env.ok);
  EXPECT_EQ(a.unknown, "`go env` fails for the Go extension");
}

TEST(EditorModelTest, BuildEnvMakesGoplsAskGoAgain) {
  Install i;
  i.settings.gopls_build_env.push_back({"GOFLAGS", "-tags=x", "-tags=x", {}, std::nullopt});
  Activation a = i.Activate();
  ASSERT_EQ(i.runs.size(), 2u);
  EXPECT_EQ(i.runs[1].second.at("GOFLAGS"), "-tags=x");
  EXPECT_EQ(i.runs[1].second.at("PATH").rfind("/usr/local/go/bin:", 0), 0u);
  EXPECT_EQ(a.tools.count("GOFLAGS"), 0u);  // gopls applies build.env itself; its process does not get it
}

TEST(EditorModelTest, PrependRemovesOtherCopies) {
  EXPECT_EQ(PrependToPathList(HostOs::kLinux, "/a:/go/bin:/b:/go/bin", "/go/bin"), "/go/bin:/a:/b");
  EXPECT_EQ(PrependToPathList(HostOs::kWindows, "C:\\a;C:\\Go\\bin", "C:\\Go\\bin"), "C:\\Go\\bin;C:\\a");
}

}  // namespace
}  // namespace godiag::collect
