// `godiag rules [ID...]`: the rule catalogue.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_builder.h"
#include "rules/all.h"

namespace godiag::cli {

ExitCode RunRules(const Context& ctx) {
  std::vector<core::RuleInfo> infos;
  std::vector<std::string> ids;
  for (const auto& r : rules::AllRules()) ids.push_back(r.info.id);
  for (const auto& r : rules::AllRules()) {
    bool wanted = ctx.options.args.empty();
    for (const auto& a : ctx.options.args) wanted = wanted || a == r.info.id;
    if (wanted) infos.push_back(r.info);
  }
  for (const auto& a : ctx.options.args) {
    if (std::find(ids.begin(), ids.end(), a) == ids.end()) {
      ctx.err << "godiag: unknown rule \"" << a << "\"";
      if (auto s = Suggest(a, ids)) ctx.err << "; did you mean \"" << *s << "\"?";
      ctx.err << "\n";
      return ExitCode::kUsage;
    }
  }
  report::WriteRuleCatalogue(infos, *report::ParseFormat(ctx.options.format),
                             MakeWriterOptions(ctx.options, ctx.platform.env), ctx.out);
  return ExitCode::kOk;
}

}  // namespace godiag::cli
