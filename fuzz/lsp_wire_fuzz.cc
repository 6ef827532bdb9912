// Fuzzes the LSP wire stack: framing codec -> JSON-RPC parser -> session model. No crash,
// no unbounded growth, and the codec's output does not depend on how the bytes are chunked:
// the same frames (each the input's bytes at its offset) and the same deviations at the
// same offsets, whether fed whole or in pieces whose sizes come from the input itself; and
// the same again when bodies are scanned only once complete and vouched for by the parser
// (lsp check's path). LargeObjectScanner vouches only for what simdjson's DOM accepts.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "lsp/framing.h"
#include "lsp/json_large.h"
#include "lsp/jsonrpc.h"
#include "lsp/session.h"

namespace {

using namespace godiag::lsp;

void Check(bool ok) {
  if (!ok) std::abort();
}

struct Record : FrameSink {
  std::vector<std::string> events;
  std::vector<Frame> frames;
  std::vector<std::string> bodies;
  void OnFrame(const Frame& f) override {
    events.push_back("F" + std::to_string(f.offset) + ":" + std::to_string(f.body_offset) + ":" +
                     std::to_string(f.body.size()) + (f.clean ? "c" : "d"));
    frames.push_back(f);
    bodies.emplace_back(f.body);
  }
  void OnIssue(const FramingIssue& i) override {
    events.push_back("I" + std::to_string(static_cast<int>(i.deviation)) + "@" + std::to_string(i.offset) + ":" + i.detail);
  }
};

struct Vouching : Record {
  MessageParser parser;
  bool IsWholeJson(std::string_view body, size_t readable_after) override { return parser.Load(body, readable_after); }
};

template <class R>
void DecodeInto(R& r, std::string_view data, std::string_view sizes, BodyScan scan) {
  DecoderOptions options;
  options.body_scan = scan;
  FrameDecoder d(options);
  size_t at = 0, k = 0;
  while (at < data.size()) {
    size_t n = sizes.empty() ? data.size() : 1 + static_cast<unsigned char>(sizes[k++ % sizes.size()]) % 97;
    n = std::min(n, data.size() - at);
    d.Feed(data.substr(at, n), r);
    (void)d.Pending();
    at += n;
  }
  d.Finish(r);
}

Record Decode(std::string_view data, std::string_view sizes) {
  Record r;
  DecodeInto(r, data, sizes, BodyScan::kAsBytesArrive);
  return r;
}

std::vector<std::string> VouchedEvents(std::string_view data, std::string_view sizes) {
  Vouching r;
  DecodeInto(r, data, sizes, BodyScan::kWhenComplete);
  return r.events;
}

// If the scanner vouches for `bytes`, simdjson's DOM accepts them and reads the same members.
void CheckScanner(LargeObjectScanner& scanner, std::string_view bytes) {
  auto members = scanner.Scan(bytes, 0);
  if (!members) return;
  simdjson::dom::parser dom;
  simdjson::dom::element root;
  Check(dom.parse(bytes.data(), bytes.size(), true).get(root) == simdjson::SUCCESS);
  simdjson::dom::object obj;
  Check(root.get(obj) == simdjson::SUCCESS);
  for (const char* key : {"jsonrpc", "method", "id", "params", "result", "error"}) {
    simdjson::dom::element v;
    bool in_dom = obj[key].get(v) == simdjson::SUCCESS;
    std::string_view k(key);
    const auto& m = k == "jsonrpc" ? members->jsonrpc
                    : k == "method" ? members->method
                    : k == "id"     ? members->id
                    : k == "params" ? members->params
                    : k == "result" ? members->result
                                    : members->error;
    Check(in_dom == m.has_value());
    if (in_dom && m->type == '"' && !m->escaped) Check(v.is_string() && std::string_view(v) == m->raw);
    if (in_dom && m->type == '0' && m->raw[0] != '-') Check(v.is_int64() && std::to_string(int64_t(v)) == m->raw);
    if (in_dom && m->type == '{') Check(v.is_object());
    if (in_dom && m->type == '[') Check(v.is_array());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(bytes), size);
  // The first 8 bytes pick the chunk sizes; the rest is the server's output.
  std::string_view sizes = all.substr(0, std::min<size_t>(8, all.size()));
  std::string_view data = all.substr(sizes.size());
  Record whole = Decode(data, "");
  Record pieces = Decode(data, sizes);
  Check(whole.events == pieces.events);
  Check(VouchedEvents(data, "") == whole.events);
  Check(VouchedEvents(data, sizes) == whole.events);
  LargeObjectScanner scanner;
  CheckScanner(scanner, data);  // without the size threshold, against the DOM parser
  for (const auto& body : whole.bodies) CheckScanner(scanner, body);
  MessageParser parser;
  Session session;
  for (size_t i = 0; i < whole.frames.size(); ++i) {
    const Frame& f = whole.frames[i];
    Check(f.body_offset + whole.bodies[i].size() <= data.size());
    Check(data.substr(f.body_offset, whole.bodies[i].size()) == whole.bodies[i]);
    Message m = parser.Parse(whole.bodies[i], ParseOptions{.keep_result = true, .keep_params = true});
    session.OnMessage(i % 3 == 0 ? Direction::kToServer : Direction::kToClient, m, static_cast<double>(i), f.body_offset);
  }
  (void)session.TakeIssues();
  return 0;
}
