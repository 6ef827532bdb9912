#include "collect/launch_config.h"

#include <gtest/gtest.h>

#include "testing/fakes.h"

namespace godiag::collect {
namespace {

class LaunchConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs.AddFile("/ws/main.go", "// the app\npackage main\n\nfunc main() {}\n");
    fs.AddFile("/ws/cmd/tool/main.go", "package main\nfunc main() {}\n");
    fs.AddFile("/ws/.env", "# comment\nexport A=1\nB=\"two\"\n\nC='3'\n");
    in.workspace_dir = "/ws";
    in.main_dir = "/ws";
    in.launch_json_path = "/ws/.vscode/launch.json";
    in.env = {{"HOME", "/home/u"}, {"TOKEN", "t0"}};
  }
  core::DapLaunchConfig Resolve(const std::string& launch_json) {
    in.launch_json = launch_json;
    return ResolveLaunchConfig(in, fs);
  }
  testing::FakeFileSystem fs;
  LaunchInputs in;
};

TEST_F(LaunchConfigTest, JsoncWithCommentsUnknownKeyAndBadProgram) {
  auto c = Resolve(R"({
  // VS Code writes comments here
  "version": "0.2.0",
  "configurations": [
    {"name": "node", "type": "node", "request": "launch"},
    {
      "name": "Launch app",
      "type": "go",
      "request": "launch",
      "mode": "auto",
      "program": "${workspaceFolder}/nope",
      "buildFlag": "-tags=foo", /* a typo */
      "env": {"X": "${env:TOKEN}", "Y": null},
      "envFile": "${workspaceFolder}/.env",
    },
  ],
})");
  EXPECT_EQ(c.name, "Launch app");
  EXPECT_EQ(c.source, "/ws/.vscode/launch.json:7");
  EXPECT_EQ(c.mode, "debug");
  EXPECT_EQ(c.program, "/ws/nope");
  EXPECT_EQ(c.configurations, (std::vector<std::string>{"node", "Launch app"}));
  EXPECT_EQ(c.env, (std::map<std::string, std::string>{{"A", "1"}, {"B", "two"}, {"C", "3"}, {"X", "t0"}}));
  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_EQ(c.problems[0].kind, "unknown-key");
  EXPECT_EQ(c.problems[0].field, "buildFlag");
  EXPECT_EQ(c.problems[0].suggestion, "buildFlags");
  EXPECT_EQ(c.problems[0].where, "/ws/.vscode/launch.json:12");
  EXPECT_EQ(c.problems[1].kind, "bad-program");
  EXPECT_EQ(c.problems[1].detail,
            "The program attribute '/ws/nope' must be a valid directory or .go file in debug/test/auto modes. (it does not exist)");
  EXPECT_EQ(c.problems[1].where, "/ws/.vscode/launch.json:11");
}

TEST_F(LaunchConfigTest, PicksByNameFileProgramAndFlags) {
  in.name = "tool";
  in.active_file = "/ws/cmd/tool/main.go";
  auto c = Resolve(R"({"configurations": [
    {"name": "app", "type": "go", "request": "launch", "program": "."},
    {"name": "tool", "type": "go", "request": "launch", "program": "${file}", "cwd": "${fileDirname}",
     "buildFlags": ["-tags=x", "-gcflags=all=-N"], "dlvFlags": ["--check-go-version=false"], "args": ["-v"]}]})");
  EXPECT_EQ(c.name, "tool");
  EXPECT_EQ(c.program, "/ws/cmd/tool/main.go");
  EXPECT_EQ(c.build_dir, "/ws/cmd/tool");
  EXPECT_EQ(c.cwd, "/ws/cmd/tool");
  EXPECT_EQ(c.build_flags, (std::vector<std::string>{"-tags=x"}));
  EXPECT_FALSE(c.build_flags_string);
  EXPECT_EQ(c.dlv_flags, (std::vector<std::string>{"--check-go-version=false"}));
  EXPECT_EQ(c.args, (std::vector<std::string>{"-v"}));
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].kind, "ignored-flag");
}

TEST_F(LaunchConfigTest, DefaultAndNotFoundAndParseError) {
  auto d = Resolve(R"({"configurations": []})");
  EXPECT_EQ(d.source, "default (mode debug on the main package)");
  EXPECT_EQ(d.program, "/ws");
  EXPECT_TRUE(d.problems.empty());
  in.name = "Lanch app";
  auto nf = Resolve(R"({"configurations": [{"name": "Launch app", "type": "go", "request": "launch", "program": "."}]})");
  ASSERT_EQ(nf.problems.size(), 1u);
  EXPECT_EQ(nf.problems[0].kind, "not-found");
  EXPECT_EQ(nf.problems[0].suggestion, "Launch app");
  in.name.clear();
  auto bad = Resolve("{\n  \"configurations\": [\n    {\"name\": }\n]}");
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].kind, "parse");
  EXPECT_EQ(bad.problems[0].where, "/ws/.vscode/launch.json:3");
  EXPECT_EQ(bad.program, "/ws");
}

TEST_F(LaunchConfigTest, BadValues) {
  auto c = Resolve(R"({"configurations": [{"name": "r", "type": "go", "request": "launch", "mode": "remote",
    "program": "${workspaceFolder}", "buildFlags": "-ldflags=-s -w", "env": {"N": 1}, "cwd": "/nowhere",
    "substitutePath": [{"from": "a"}], "args": "${input:pick}", "debugAdapter": "legacy"}]})");
  std::vector<std::string> kinds;
  for (const auto& p : c.problems) kinds.push_back(p.kind + ":" + p.field);
  EXPECT_EQ(kinds, (std::vector<std::string>{"bad-value:mode", "unsupported:debugAdapter", "bad-value:cwd",
                                             "bad-value:substitutePath", "bad-value:args", "bad-value:buildFlags",
                                             "bad-value:env"}));
  EXPECT_EQ(c.mode, "debug");
}

TEST_F(LaunchConfigTest, SettingsLaunchSection) {
  in.settings_launch = R"({"configurations": [{"name": "s", "type": "go", "request": "launch", "program": "${workspaceFolder}/cmd/tool"}]})";
  in.settings_path = "/ws/.vscode/settings.json";
  in.settings_line = 4;
  auto c = ResolveLaunchConfig(in, fs);
  EXPECT_EQ(c.name, "s");
  EXPECT_EQ(c.source, "/ws/.vscode/settings.json:4");
  EXPECT_EQ(c.build_dir, "/ws/cmd/tool");
}

TEST_F(LaunchConfigTest, DelveConfigDefaults) {
  in.delve_config = R"({"dlvFlags": ["--check-go-version=false"], "showLog": true, "logOutput": "dap"})";
  auto d = Resolve(R"({"configurations": []})");
  EXPECT_EQ(d.dlv_flags, (std::vector<std::string>{"--check-go-version=false"}));
  EXPECT_TRUE(d.show_log);
  EXPECT_EQ(d.log_output, "dap");
  auto own = Resolve(R"({"configurations": [{"name": "a", "type": "go", "request": "launch", "program": ".",
    "dlvFlags": ["--backend=native"], "showLog": false}]})");
  EXPECT_EQ(own.dlv_flags, (std::vector<std::string>{"--backend=native"}));
  EXPECT_FALSE(own.show_log);
  EXPECT_EQ(own.log_output, "dap");
}

TEST_F(LaunchConfigTest, Variables) {
  std::vector<std::string> unresolved;
  EXPECT_EQ(SubstituteLaunchVariables("${workspaceFolderBasename}:${relativeFile}:${fileBasenameNoExtension}:${userHome}:${env:NOPE}",
                                      in, "/ws/cmd/a.go", &unresolved),
            "ws:cmd/a.go:a:/home/u:");
  EXPECT_TRUE(unresolved.empty());
  EXPECT_EQ(SubstituteLaunchVariables("${command:pick}x${", in, "/ws/a.go", &unresolved), "${command:pick}x${");
  EXPECT_EQ(unresolved, (std::vector<std::string>{"${command:pick}"}));
}

TEST_F(LaunchConfigTest, FindsMainPackage) {
  EXPECT_EQ(FindMainPackageDir(fs, "/ws"), "/ws");
  testing::FakeFileSystem lib;
  lib.AddFile("/r/lib.go", "package lib\n// package main\n");
  lib.AddFile("/r/cmd/app/main.go", "package main\n");
  EXPECT_EQ(FindMainPackageDir(lib, "/r"), "/r/cmd/app");
  testing::FakeFileSystem none;
  none.AddFile("/n/x.go", "package mainly\n");
  EXPECT_EQ(FindMainPackageDir(none, "/n"), "");
}

}  // namespace
}  // namespace godiag::collect
