// Readers of captured LSP traffic, detected by content: godiag tap traces, raw byte
// streams, gopls -rpc.trace logs, VS Code client traces (client <= 9 "[Trace - …]" text,
// client >= 10 "YYYY-MM-DD HH:MM:SS.mmm [trace]" text, and the JSON format), and JSON-lines
// recordings (lsp-devtools, lsptrace). Each feeds a TrafficChecker. Pure and streaming.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lsp/checker.h"

namespace godiag::lsp {

enum class InputFormat {
  kGodiagTrace,
  kRawStream,
  kGoplsRpcTrace,
  kVscodeText,    ///< client <= 9: "[Trace - 6:36:44 PM] Sending request …"
  kVscodeLog,     ///< client >= 10: "2024-05-01 10:30:51.123 [trace] Sending request …"
  kVscodeJson,    ///< {"isLSPMessage":true,"type":"send-request","message":{…},"timestamp":…}
  kJsonLines,     ///< one JSON-RPC message (or lsptrace record) per line
  kDevtoolsAgent, ///< lsp-devtools agent records: Message-Source/-Session/-Timestamp headers + a frame
};
const char* InputFormatName(InputFormat f);

/// Decides the format from the first bytes of the (decompressed) input.
InputFormat DetectFormat(std::string_view head);

/// True for formats where both directions are present.
bool HasDirections(InputFormat f);

class FormatReader {
 public:
  virtual ~FormatReader() = default;
  virtual void Feed(std::string_view data) = 0;
  virtual void Finish() = 0;
};

std::unique_ptr<FormatReader> MakeReader(InputFormat format, TrafficChecker& checker);

}  // namespace godiag::lsp
