#include "probe/dap_target.h"

#include <gtest/gtest.h>

namespace godiag::probe {
namespace {

TEST(DapTargetTest, ListeningLine) {
  std::string kind;
  EXPECT_EQ(ParseListeningLine("DAP server listening at: 127.0.0.1:45565", &kind), "127.0.0.1:45565");
  EXPECT_EQ(kind, "dlv dap");
  EXPECT_EQ(ParseListeningLine("DAP server listening at: [::]:33381\r", &kind), "127.0.0.1:33381");
  EXPECT_EQ(ParseListeningLine("API server listening at: 127.0.0.1:2345", &kind), "127.0.0.1:2345");
  EXPECT_EQ(kind, "dlv --headless");
  EXPECT_EQ(ParseListeningLine("couldn't start listener: listen tcp", &kind), "");
}

TEST(DapTargetTest, Fingerprint) {
  std::vector<std::string> v1252 = {"supportsConfigurationDoneRequest", "supportsRestartRequest"};
  EXPECT_EQ(FingerprintDelve(v1252, true), "Delve v1.25.1–v1.25.2");
  v1252.push_back("supportsWriteMemoryRequest");
  EXPECT_EQ(FingerprintDelve(v1252, false), "Delve v1.27.0 or later");
  EXPECT_EQ(FingerprintDelve({"supportsX"}, false), "");
}

TEST(DapTargetTest, LaunchArgumentsLikeVscodeGo) {
  core::DapLaunchConfig c;
  c.name = "app";
  c.mode = "debug";
  c.program = "/ws/cmd/app/main.go";
  c.build_dir = "/ws/cmd/app";
  c.build_flags = {"-tags=a b"};
  c.build_flags_string = true;
  c.env = {{"A", "1"}};
  EXPECT_EQ(LaunchArguments(c),
            R"({"buildFlags":"-tags=a b","env":{"A":"1"},"mode":"debug","name":"app","program":"./main.go","request":"launch","type":"go"})");
  c.program = "/ws/cmd/app";
  c.build_flags_string = false;
  EXPECT_NE(LaunchArguments(c).find(R"("program":".")"), std::string::npos);
  EXPECT_NE(LaunchArguments(c).find(R"("buildFlags":["-tags=a b"])"), std::string::npos);
}

TEST(DapTargetTest, DlvVersionAndExplicitTargets) {
  EXPECT_EQ(ParseDlvVersion("Delve Debugger\nVersion: 1.27.2\nBuild: $Id: 360e $\n"), "1.27.2");
  EXPECT_EQ(ParseDlvVersion("nothing"), "");
  core::DapLaunchConfig c;
  c.build_dir = "/ws";
  auto stdio = ExplicitDapTarget({"./server", "--stdio"}, "", "/ws", c, {});
  EXPECT_EQ(stdio.transport, DapTransport::kStdio);
  EXPECT_EQ(stdio.spec.cwd, "/ws");
  auto listen = ExplicitDapTarget({"dlv", "dap", "--listen=127.0.0.1:0"}, "", "/ws", c, {});
  EXPECT_EQ(listen.transport, DapTransport::kDelveListen);
  auto tcp = ExplicitDapTarget({}, "tcp:127.0.0.1:1", "/ws", c, {});
  EXPECT_EQ(tcp.transport, DapTransport::kConnect);
}

}  // namespace
}  // namespace godiag::probe
