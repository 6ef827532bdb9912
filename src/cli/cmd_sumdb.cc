// `godiag sumdb verify [go.sum]` and `godiag sumdb verify-note [--key K] FILE`.
#include <mutex>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "codec/go_sumdb.h"
#include "codec/sumdb_note.h"
#include "codec/tlog.h"
#include "collect/network.h"
#include "core/engine.h"
#include "probe/sumdb_verify.h"
#include "rules/all.h"

namespace godiag::cli {

namespace {

core::Expected<std::string> ReadInput(const platform::FileSystem& fs, const std::string& path) {
  TRY_ASSIGN(auto in, fs.OpenRead(path));
  std::string data;
  char buf[1 << 16];
  while (true) {
    TRY_ASSIGN(size_t n, in->Read(buf, sizeof buf));
    if (n == 0) break;
    data.append(buf, n);
    if (data.size() > (64u << 20)) return core::MakeError(core::ErrorCode::kIo, path + ": larger than 64 MiB");
  }
  return data;
}

ExitCode Verify(const Context& ctx, const core::Snapshot& snap) {
  const auto& args = ctx.options.args;
  std::string path = args.size() > 1 ? args[1] : "";
  if (path.empty()) {
    if (!snap.workspace.gomod) {
      ctx.err << "godiag: no go.mod in " << snap.workspace_dir << " or above; name the file: godiag sumdb verify GO.SUM\n";
      return ExitCode::kUsage;
    }
    std::string mod = snap.workspace.gomod->path;
    path = mod.substr(0, mod.rfind('/') + 1) + "go.sum";
  }
  auto data = ReadInput(ctx.platform.fs, path);
  if (!data) {
    ctx.err << "godiag: " << data.error().message << "\n";
    return ExitCode::kToolError;
  }
  const core::EnvSide& side = ctx.options.editor ? snap.editor_side : snap.terminal;
  probe::SumDbVerifyOptions o;
  o.timeout = std::chrono::milliseconds(ctx.options.timeout_given ? ctx.options.timeout_ms : 60000);
  o.own_cache_dir = collect::SumDbCacheDir(snap.process_env);
  std::mutex mu;
  bool progress = ctx.options.format == "text" && ctx.platform.env.StderrIsTerminal();
  if (progress)
    o.progress = [&](size_t d, size_t t) {
      std::lock_guard<std::mutex> lock(mu);
      ctx.err << "godiag: sumdb: " << d << "/" << t << " requests\r" << std::flush;
    };
  core::Snapshot result = snap;
  result.sumdb_verify = probe::VerifyGoSum(side, ctx.platform, path, *data, o);
  if (progress) ctx.err << "\33[2K\r" << std::flush;
  core::Report report;
  report.godiag_version = GODIAG_VERSION;
  report.workspace = snap.workspace_dir;
  report.findings = core::RunRules(result, rules::RulesWithPrefix("sumdb.verify."));
  report.sumdb_verify = result.sumdb_verify;
  report::WriteReport(report, *report::ParseFormat(ctx.options.format), MakeWriterOptions(ctx.options, ctx.platform.env),
                      ctx.out);
  return static_cast<ExitCode>(ExitCodeFor(report.findings, ctx.options.fail_on));
}

std::string SigName(const codec::NoteSignature& s) {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", s.hash);
  return s.name + "+" + hex;
}

ExitCode VerifyNote(const Context& ctx, const core::Snapshot& snap) {
  const auto& args = ctx.options.args;
  if (args.size() != 2) {
    ctx.err << "godiag: usage: godiag sumdb verify-note [--key VERIFIER] FILE|-\n";
    return ExitCode::kUsage;
  }
  const auto& db = (ctx.options.editor ? snap.editor_side : snap.terminal).settings.gosumdb;
  std::string key_text = !ctx.options.key.empty()                  ? ctx.options.key
                         : db.kind == core::SumDbKind::kDatabase ? db.key
                                                                 : std::string(codec::kSumGolangOrgKey);
  auto key = codec::ParseVerifierKey(key_text);
  if (!key) {
    ctx.err << "godiag: invalid verifier key \"" << key_text << "\": " << key.error().message << "\n";
    return ExitCode::kUsage;
  }
  auto data = ReadInput(ctx.platform.fs, args[1]);
  if (!data) {
    ctx.err << "godiag: " << data.error().message << "\n";
    return ExitCode::kToolError;
  }
  auto opened = codec::OpenNote(*data, {*key});
  nlohmann::json j = {{"file", args[1]}, {"key", key_text}, {"verified", opened.has_value()}};
  std::string text = "note: " + args[1] + "\nkey:  " + key_text + "\n";
  if (!opened) {
    j["error"] = opened.error().message;
    text += "result: DOES NOT VERIFY: " + opened.error().message + "\n";
  } else {
    text += "result: verified\n";
    for (const auto& s : opened->verified) {
      j["signatures"].push_back({{"key", SigName(s)}, {"verified", true}});
      text += "  signed by " + SigName(s) + " (verified)\n";
    }
    for (const auto& s : opened->unverified) {
      j["signatures"].push_back({{"key", SigName(s)}, {"verified", false}});
      text += "  signed by " + SigName(s) + " (unknown key, not verified)\n";
    }
    if (auto tree = codec::ParseTreeNote(opened->text)) {
      j["tree"] = {{"size", tree->n}, {"hash", codec::HashBase64(tree->hash)}};
      text += "tree: " + std::to_string(tree->n) + " records, root " + codec::HashBase64(tree->hash) + "\n";
    }
  }
  if (ctx.options.format == "json") ctx.out << j.dump(2) << "\n";
  else ctx.out << text;
  return opened ? ExitCode::kOk : ExitCode::kFindings;
}

}  // namespace

ExitCode RunSumDb(const Context& ctx) {
  const auto& args = ctx.options.args;
  if (args.empty() || (args[0] != "verify" && args[0] != "verify-note")) {
    ctx.err << "godiag: usage: godiag sumdb verify [GO.SUM] | godiag sumdb verify-note [--key VERIFIER] FILE\n";
    return ExitCode::kUsage;
  }
  // Only the chosen environment's network settings matter here: no nested modules.
  auto collected =
      CollectWithoutTools(ctx, {.editor_side = ctx.options.editor,
                                .nested_modules = false,
                                .warm_network = args[0] == "verify"});
  if (!collected) return ExitCode::kToolError;
  return args[0] == "verify" ? Verify(ctx, *collected) : VerifyNote(ctx, *collected);
}

}  // namespace godiag::cli
