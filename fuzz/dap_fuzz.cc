// Fuzzes the DAP stack: the message parser on the input as one body, every traffic reader
// (Delve log, tap trace, raw stream) on the input in two chunkings, and the launch
// configuration resolver on it as launch.json. No crash, no hang; the same report for
// any chunking.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/launch_config.h"
#include "dap/message.h"
#include "dap/traffic.h"
#include "testing/fakes.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

godiag::core::DapTrafficReport Read(godiag::dap::TrafficFormat f, std::string_view text, size_t chunk) {
  godiag::dap::TrafficChecker checker(f != godiag::dap::TrafficFormat::kRawStream);
  auto reader = godiag::dap::MakeTrafficReader(f, checker);
  for (size_t i = 0; i < text.size(); i += chunk) reader->Feed(text.substr(i, chunk));
  reader->Finish();
  checker.Finish();
  return checker.report();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = godiag::dap::ParseMessage(text);
  Check(m.kind != godiag::dap::Kind::kInvalid || !m.problem.empty());
  godiag::dap::ParseErrorDetail(text);
  godiag::dap::TrueKeys(text);
  for (auto f : {godiag::dap::TrafficFormat::kDelveLog, godiag::dap::TrafficFormat::kGodiagTrace,
                 godiag::dap::TrafficFormat::kRawStream}) {
    auto whole = Read(f, text, text.size() + 1);
    auto bytes = Read(f, text, 1);
    Check(whole.messages == bytes.messages);
    Check(whole.unanswered == bytes.unanswered);
  }
  godiag::testing::FakeFileSystem fs;
  fs.AddFile("/ws/main.go", "package main\n");
  godiag::collect::LaunchInputs in;
  in.workspace_dir = "/ws";
  in.main_dir = "/ws";
  in.launch_json_path = "/ws/.vscode/launch.json";
  in.launch_json = std::string(text);
  auto cfg = godiag::collect::ResolveLaunchConfig(in, fs);
  Check(!cfg.program.empty());
  return 0;
}
