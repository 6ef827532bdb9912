#include "collect/go_var_names.h"

#include <gtest/gtest.h>

namespace godiag::collect {
namespace {

TEST(GoVarNamesTest, TyposOfVariablesThatMatterAreNamed) {
  EXPECT_EQ(MeantGoVariable("GOPRIVTE"), "GOPRIVATE");
  EXPECT_EQ(MeantGoVariable("GO_PRIVATE"), "GOPRIVATE");
  EXPECT_EQ(MeantGoVariable("GOPRIAVTE"), "GOPRIVATE");
  EXPECT_EQ(MeantGoVariable("GONOSUMCHECK"), "GONOSUMDB");
  EXPECT_EQ(MeantGoVariable("goproxy"), "GOPROXY");
  EXPECT_EQ(MeantGoVariable("CGO_ENABLE"), "CGO_ENABLED");
  EXPECT_EQ(MeantGoVariable("GOFLAG"), "GOFLAGS");
  EXPECT_EQ(MeantGoVariable("export GOPROXY"), "GOPROXY");  // cmd.exe: set export GOPROXY=…
  EXPECT_EQ(MeantGoVariable("GOPRIVATE "), "GOPRIVATE");
  EXPECT_EQ(MeantGoVariable("GONOSUM"), "GONOSUMDB");
}

TEST(GoVarNamesTest, RealAndUnrelatedNamesAreLeftAlone) {
  for (const char* name : {"GOPRIVATE", "GOOS", "GODEBUG", "GO_ENV", "GO_VERSION", "GOLANG_VERSION", "GOPROXY_TOKEN",
                           "GOOGLE_APPLICATION_CREDENTIALS", "HOME", "PATH", "GOPHERJS_GOROOT", "goos", "GOROOT_BOOTSTRAP"})
    EXPECT_FALSE(MeantGoVariable(name).has_value()) << name;
}

TEST(GoVarNamesTest, FoundOncePerPlaceWithItsSource) {
  core::Snapshot s;
  s.process_env = {{"GOPRIVTE", "corp.example"}, {"HOME", "/h"}};
  s.user_env_file.path = "/h/.config/go/env";
  s.user_env_file.entries = {{"GONOSUMCHECK", "1", 2}};
  core::EnvAssignment a;
  a.name = "GO_PRIVATE";
  a.where = {"/h/.config/Code/User/settings.json", 4, core::SettingsScope::kUser};
  s.editor.tools_env_vars = {a};
  auto found = FindMisspelledGoVars(s);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].where, "the terminal's environment");
  EXPECT_EQ(found[1].where, "go env file /h/.config/go/env:2");
  EXPECT_EQ(found[1].suggestion, "GONOSUMDB");
  EXPECT_EQ(found[2].where, "go.toolsEnvVars, /h/.config/Code/User/settings.json:4");
  EXPECT_EQ(found[2].side, "editor");
}

}  // namespace
}  // namespace godiag::collect
