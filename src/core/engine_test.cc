#include "core/engine.h"

#include <gtest/gtest.h>

#include "core/report.h"

namespace godiag::core {
namespace {

Finding Make(std::string id, std::string side, Severity sev = Severity::kError) {
  Finding f;
  f.id = std::move(id);
  f.subject = f.id + " subject";
  f.side = std::move(side);
  f.severity = sev;
  return f;
}

TEST(EngineTest, ConsequenceLinksToItsCauseOnTheSameSide) {
  std::vector<Finding> fs = {Make("cause", "editor"), Make("effect", "editor"), Make("effect", "terminal")};
  LinkConsequences(fs, {{"effect", {"cause"}}});
  ASSERT_TRUE(fs[1].caused_by);
  EXPECT_EQ(fs[1].caused_by->id, "cause");
  EXPECT_FALSE(fs[2].caused_by);  // another side: not explained by it
  ASSERT_EQ(fs[0].consequences.size(), 1u);
  EXPECT_EQ(fs[0].consequences[0].subject, "effect subject");
  Counts c = CountFindings(fs);
  EXPECT_EQ(c.errors, 2);  // the consequence counts with its cause
}

TEST(EngineTest, ChainsEndAtTheRootAndRaiseItsSeverity) {
  std::vector<Finding> fs = {Make("root", "", Severity::kWarning), Make("middle", "editor"), Make("leaf", "editor")};
  LinkConsequences(fs, {{"middle", {"root"}}, {"leaf", {"middle"}}});
  EXPECT_EQ(fs[1].caused_by->id, "root");
  EXPECT_EQ(fs[2].caused_by->id, "root");
  EXPECT_EQ(fs[0].consequences.size(), 2u);
  EXPECT_EQ(fs[0].severity, Severity::kError);  // as serious as what it breaks
}

TEST(EngineTest, CyclesDoNotLinkAFindingToItself) {
  std::vector<Finding> fs = {Make("a", ""), Make("b", "")};
  LinkConsequences(fs, {{"a", {"b"}}, {"b", {"a"}}});
  int roots = 0;
  for (const auto& f : fs) roots += f.caused_by ? 0 : 1;
  EXPECT_EQ(roots, 1);  // one shown, the other under it; never both hidden
}

TEST(EngineTest, FindingsThatNameTopicsLinkOnlyWhenTheyShareOne) {
  std::vector<Finding> fs = {Make("stale", ""), Make("stale", ""), Make("log", "")};
  fs[0].about = {"GOFLAGS"};
  fs[1].about = {"SSL_CERT_FILE", "GOPROXY"};
  fs[1].subject = "second";
  fs[2].about = {"SSL_CERT_FILE", "HTTPS_PROXY"};
  LinkConsequences(fs, {{"log", {"stale"}}});
  ASSERT_TRUE(fs[2].caused_by);
  EXPECT_EQ(fs[2].caused_by->subject, "second");  // the first names only GOFLAGS
  EXPECT_TRUE(fs[0].consequences.empty());
}

TEST(EngineTest, AFindingWithoutTopicsLinksToAnyCause) {
  std::vector<Finding> fs = {Make("cause", ""), Make("effect", "")};
  fs[0].about = {"GOFLAGS"};
  LinkConsequences(fs, {{"effect", {"cause"}}});
  EXPECT_TRUE(fs[1].caused_by);
}

TEST(EngineTest, NoCauseNoLink) {
  std::vector<Finding> fs = {Make("effect", "editor")};
  LinkConsequences(fs, {{"effect", {"cause"}}});
  EXPECT_FALSE(fs[0].caused_by);
}

}  // namespace
}  // namespace godiag::core
