#include <gtest/gtest.h>

#include <set>

#include "rules/rules_test_util.h"

namespace godiag::rules {
namespace {

using testutil::EmptySnapshot;
using testutil::RunRule;

TEST(WorkspaceRulesTest, SeveralModulesWithoutGoWork) {
  auto s = EmptySnapshot();
  s.workspace.dir = "/ws";
  s.workspace.nested_modules = {"a/go.mod", "b/go.mod"};
  auto f = RunRule(s, "workspace.multi-module.no-gowork");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(*f[0].fixes[0].command, "go work init && go work use -r .");
  s.workspace.gowork = core::GoModFile{};
  EXPECT_TRUE(RunRule(s, "workspace.multi-module.no-gowork").empty());
}

TEST(WorkspaceRulesTest, NoModuleAtAll) {
  auto s = EmptySnapshot();
  EXPECT_EQ(RunRule(s, "workspace.module.none").size(), 1u);
  s.workspace.gomod = core::GoModFile{};
  EXPECT_TRUE(RunRule(s, "workspace.module.none").empty());
}

TEST(WorkspaceRulesTest, VendorModeWithoutVendorDirectory) {
  auto s = EmptySnapshot();
  s.derived.vendor_mode = true;
  s.derived.vendor_mode_reason = "GOFLAGS=-mod=vendor";
  auto f = RunRule(s, "vendor.inconsistent");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message.find("-mod=vendor is in effect (GOFLAGS=-mod=vendor) but there is no vendor/ directory"), 0u);
  s.workspace.vendor.dir_exists = true;
  s.workspace.vendor.modules_txt_exists = true;
  EXPECT_TRUE(RunRule(s, "vendor.inconsistent").empty());
}

TEST(WorkspaceRulesTest, GoModErrorsAreFindings) {
  auto s = EmptySnapshot();
  s.workspace.gomod = core::GoModFile{};
  s.workspace.gomod->path = "/ws/go.mod";
  s.workspace.gomod->errors = {"/ws/go.mod:3: invalid go version '1.x': must match format 1.23.0"};
  auto f = RunRule(s, "workspace.gomod.invalid");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message, "/ws/go.mod:3: invalid go version '1.x': must match format 1.23.0");
}

TEST(RuleCatalogueTest, IdsAreUniqueAndDocumented) {
  std::set<std::string> ids;
  for (const auto& r : AllRules()) {
    EXPECT_TRUE(ids.insert(r.info.id).second) << r.info.id;
    EXPECT_FALSE(r.info.what.empty()) << r.info.id;
    EXPECT_FALSE(r.info.why.empty()) << r.info.id;
    EXPECT_FALSE(r.info.fix.empty()) << r.info.id;
    EXPECT_NE(r.info.id.find('.'), std::string::npos) << r.info.id;
  }
  EXPECT_GE(ids.size(), 35u);
}

TEST(RuleCatalogueTest, HealthySnapshotHasNoErrors) {
  auto s = EmptySnapshot();
  s.workspace.gomod = core::GoModFile{};
  s.tools.gopls = {"gopls", "/h/go/bin/gopls", "GOPATH/bin", "v0.20.0", "go1.26.8", std::nullopt, {}, "gopath", std::nullopt};
  auto findings = core::RunRules(s, AllRules());
  for (const auto& f : findings) EXPECT_NE(f.severity, core::Severity::kError) << f.id << ": " << f.message;
}

}  // namespace
}  // namespace godiag::rules
