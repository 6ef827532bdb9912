// Checks captured DAP traffic (`godiag dap check`): a Delve `--log-output=dap` log
// ("… layer=dap [<- from client]{json}" / "[-> to client]{json}"), a godiag tap trace
// (both directions, Content-Length frames), or a raw byte stream of one direction.
// Framing, message schema, seq numbering, request/response matching, error responses,
// per-command latency. Pure and streaming.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/dap.h"
#include "dap/session.h"

namespace godiag::dap {

enum class TrafficFormat { kDelveLog, kGodiagTrace, kRawStream };
const char* TrafficFormatName(TrafficFormat f);
TrafficFormat DetectTrafficFormat(std::string_view head);
/// The first bytes carry DAP, not JSON-RPC (a Delve dap log, or frames with "type" and no
/// "jsonrpc"): `lsp check` hands such inputs to the DAP checker.
bool LooksLikeDap(std::string_view head);

class TrafficChecker {
 public:
  /// `both_sides` false for a stream of one direction: responses are not matched.
  explicit TrafficChecker(bool both_sides = true);
  ~TrafficChecker();
  /// Feeds one decoded message body from `side`; `where` names its place ("line 12").
  void OnMessage(Side side, std::string_view body, double t_ms, const std::string& where, uint64_t offset);
  /// A defect of the container or framing.
  void Defect(const std::string& id, const std::string& detail, const std::string& where);
  void Finish();
  core::DapTrafficReport& report() { return report_; }

 private:
  struct Stats;
  bool both_sides_;
  Session session_;
  core::DapTrafficReport report_;
  std::unique_ptr<Stats> stats_;
};

class TrafficReader {
 public:
  virtual ~TrafficReader() = default;
  virtual void Feed(std::string_view data) = 0;
  virtual void Finish() = 0;
};

std::unique_ptr<TrafficReader> MakeTrafficReader(TrafficFormat format, TrafficChecker& checker);

/// "2026-12-01T21:30:49Z" or with fractional seconds -> seconds of the day (-1 when not that shape).
double ParseLogTime(std::string_view stamp);

}  // namespace godiag::dap
