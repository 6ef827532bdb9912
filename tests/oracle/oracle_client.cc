#include "oracle_client.h"

#include <cstdlib>
#include <sstream>

#include "platform/real_platform.h"

namespace godiag::oracle {

std::string OracleBinary() {
  if (const char* p = std::getenv("GODIAG_ORACLE"); p != nullptr && *p != '\0') return p;
  const char* src = std::getenv("GODIAG_SOURCE_DIR");
#ifdef GODIAG_SOURCE_DIR
  if (src == nullptr) src = GODIAG_SOURCE_DIR;
#endif
  return std::string(src ? src : ".") + "/tests/oracle/bin/oracle";
}

std::optional<std::vector<nlohmann::json>> AskOracle(const std::vector<nlohmann::json>& questions,
                                                     std::string* why) {
  platform::RealFileSystem fs;
  std::string bin = OracleBinary();
  if (!fs.Stat(bin).executable) {
    *why = bin + " is not built";
    return std::nullopt;
  }
  std::string input;
  for (const auto& q : questions) input += q.dump() + "\n";
  platform::ProcessSpec spec;
  spec.argv = {bin};
  spec.stdin_data = std::move(input);
  spec.timeout = std::chrono::minutes(5);
  spec.max_output = 512u << 20;
  platform::RealProcessRunner runner;
  auto result = runner.Run(spec);
  if (!result) {
    *why = result.error().message;
    return std::nullopt;
  }
  if (result->exit_code != 0 || result->timed_out) {
    *why = "oracle failed (exit " + std::to_string(result->exit_code) + "): " + result->err;
    return std::nullopt;
  }
  std::vector<nlohmann::json> answers;
  std::istringstream lines(result->out);
  std::string line;
  while (std::getline(lines, line)) answers.push_back(nlohmann::json::parse(line));
  if (answers.size() != questions.size()) {
    *why = "oracle answered " + std::to_string(answers.size()) + " of " +
           std::to_string(questions.size()) + " questions";
    return std::nullopt;
  }
  return answers;
}

}  // namespace godiag::oracle
