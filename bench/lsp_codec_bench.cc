// Throughput of the LSP wire stack on a large generated stream with the message mix of
// facts/real-servers.md §4 (small notifications and requests, publishDiagnostics, big
// completion responses, big didOpen texts): framing alone, and framing + JSON-RPC parse.
//   godiag_bench_codec [MB] [--write FILE] [--large]   (--large: 1-5 MB didOpen / semanticTokens only)
// Prints MB/s and messages/s, best of 3 runs, and peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "lsp/framing.h"
#include "lsp/jsonrpc.h"

namespace {

using namespace godiag::lsp;

std::string Frame(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

unsigned Rand(std::mt19937& rng) { return static_cast<unsigned>(rng()); }

std::string Words(std::mt19937& rng, size_t bytes) {
  static const char* kWords[] = {"int", "return", "value", "std::string", "for", "auto", "const", "if", "{", "}",
                                 "namespace", "template", "class", "void", "=", ";", "(x)", "\\n", "\\t", "\\\"q\\\""};
  std::string s;
  while (s.size() < bytes) {
    s += kWords[Rand(rng) % 20];
    s += ' ';
  }
  return s;
}

std::string Generate(size_t target, size_t& messages) {
  std::mt19937 rng(42);
  std::string out;
  out.reserve(target + (1 << 20));
  int id = 0;
  while (out.size() < target) {
    unsigned pick = Rand(rng) % 1000;
    std::string body;
    if (pick < 985) {  // small: progress, logMessage, didChange, hover, cancel
      switch (Rand(rng) % 5) {
        case 0: body = R"({"jsonrpc":"2.0","method":"$/progress","params":{"token":"t)" + std::to_string(Rand(rng) % 9) +
                       R"(","value":{"kind":"report","message":"indexing )" + std::to_string(Rand(rng) % 1000) + R"(/1000","percentage":)" +
                       std::to_string(Rand(rng) % 100) + "}}}"; break;
        case 1: body = R"({"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":")" + Words(rng, 80) + R"("}})"; break;
        case 2: body = R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///src/a.cc","version":)" +
                       std::to_string(id) + R"(},"contentChanges":[{"range":{"start":{"line":4,"character":2},"end":{"line":4,"character":2}},"text":"x"}]}})"; break;
        case 3: body = R"({"jsonrpc":"2.0","id":)" + std::to_string(id++) + R"(,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///src/a.cc"},"position":{"line":12,"character":7}}})"; break;
        default: body = R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":)" + std::to_string(id) + "}}"; break;
      }
    } else if (pick < 998) {  // publishDiagnostics
      body = R"({"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///src/b.cc","diagnostics":[)";
      for (unsigned i = 0, n = 5 + Rand(rng) % 30; i < n; ++i)
        body += std::string(i ? "," : "") + R"({"range":{"start":{"line":)" + std::to_string(i) +
                R"(,"character":1},"end":{"line":1,"character":9}},"severity":1,"source":"clang","message":")" + Words(rng, 60) + R"("})";
      body += "]}}";
    } else if (pick < 999) {  // completion response
      body = R"({"jsonrpc":"2.0","id":)" + std::to_string(id++) + R"(,"result":{"isIncomplete":false,"items":[)";
      for (unsigned i = 0, n = 100 + Rand(rng) % 1900; i < n; ++i)
        body += std::string(i ? "," : "") + R"({"label":"item)" + std::to_string(i) + R"(","kind":3,"detail":")" + Words(rng, 40) +
                R"(","insertText":"item)" + std::to_string(i) + R"x(()"})x";
      body += "]}}";
    } else {  // didOpen with a large text
      body = R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///src/c.cc","languageId":"cpp","version":1,"text":")" +
             Words(rng, 20000 + Rand(rng) % 600000) + R"("}}})";
    }
    out += Frame(body);
    ++messages;
  }
  return out;
}

// Large messages only: 1-5 MB didOpen texts and semanticTokens/full responses, half each.
std::string GenerateLarge(size_t target, size_t& messages) {
  std::mt19937 rng(42);
  std::string out;
  out.reserve(target + (6 << 20));
  int id = 0;
  while (out.size() < target) {
    size_t size = (1u << 20) + Rand(rng) % (4u << 20);
    std::string body;
    if (Rand(rng) % 2 == 0) {
      body = R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///src/big.go","languageId":"go","version":1,"text":")" +
             Words(rng, size) + R"("}}})";
    } else {
      body = R"({"jsonrpc":"2.0","id":)" + std::to_string(id++) + R"(,"result":{"resultId":"7","data":[)";
      bool first = true;
      while (body.size() < size) {
        unsigned v[5] = {Rand(rng) % 3, Rand(rng) % 40, 1 + Rand(rng) % 20, Rand(rng) % 23, Rand(rng) % 4};
        for (unsigned x : v) {
          if (!first) body += ',';
          first = false;
          body += std::to_string(x);
        }
      }
      body += "]}}";
    }
    out += Frame(body);
    ++messages;
  }
  return out;
}

struct Counter : FrameSink {
  MessageParser* parser = nullptr;
  size_t frames = 0, issues = 0, invalid = 0;
  void OnFrame(const godiag::lsp::Frame& f) override {
    ++frames;
    if (parser && parser->Parse(f.body, {}, f.readable_after).kind == MessageKind::kInvalid) ++invalid;
  }
  bool IsWholeJson(std::string_view body, size_t readable_after) override {
    return parser && parser->Load(body, readable_after);  // as TrafficChecker does
  }
  void OnIssue(const FramingIssue&) override { ++issues; }
};

double Run(const std::string& stream, bool parse, Counter& c) {
  MessageParser parser;
  c = Counter{};
  c.parser = parse ? &parser : nullptr;
  DecoderOptions options;
  options.body_scan = BodyScan::kWhenComplete;  // as lsp check reads files, in 1 MiB pieces
  FrameDecoder d(options);
  auto start = std::chrono::steady_clock::now();
  for (size_t at = 0; at < stream.size(); at += 1 << 20) d.Feed(std::string_view(stream).substr(at, 1 << 20), c);
  d.Finish(c);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
  size_t messages = 0;
  bool large = false;
  const char* write_to = nullptr;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--large") == 0) large = true;
    if (std::strcmp(argv[i], "--write") == 0 && i + 1 < argc) write_to = argv[++i];
  }
  std::string stream = large ? GenerateLarge(mb << 20, messages) : Generate(mb << 20, messages);
  if (write_to) std::ofstream(write_to, std::ios::binary) << stream;
  std::printf("stream: %.1f MB, %zu messages\n", static_cast<double>(stream.size()) / 1e6, messages);
  for (bool parse : {false, true}) {
    double best = 1e9;
    Counter c;
    for (int i = 0; i < 3; ++i) best = std::min(best, Run(stream, parse, c));
    if (c.frames != messages || c.issues != 0 || c.invalid != 0) {
      std::printf("MISMATCH: %zu frames, %zu issues, %zu invalid\n", c.frames, c.issues, c.invalid);
      return 1;
    }
    std::printf("%-28s %8.0f MB/s %10.0f msgs/s\n", parse ? "framing + JSON-RPC parse" : "framing only",
                static_cast<double>(stream.size()) / 1e6 / best, static_cast<double>(messages) / best);
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS: %ld MB (the generated stream itself is held in memory)\n", ru.ru_maxrss / 1024);
  return 0;
}
