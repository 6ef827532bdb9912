// Pure readers of what the go command prints: the errors of `go build` / `go vet` (stderr),
// and the package stream of `go list -e -json`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace godiag::probe {

/// One error line of go build / go vet, with its continuation lines ("\t…") joined.
struct GoCommandError {
  std::string file;      ///< absolute ("" when the line has no position)
  int line = 0;          ///< 1-based, 0 when none
  int column = 0;        ///< 1-based byte column, 0 when none
  std::string message;   ///< without the position and without vet's "vet: " prefix
  std::string package;   ///< the "# pkg" header it came under ("" when none)
  bool vet_type_error = false;  ///< go vet's "vet: " prefix: a type error, not an analyzer's finding
};

/// Reads go build / go vet output. Relative paths are taken relative to `dir` (the
/// command's working directory). Lines that are only noise (`# pkg` headers, "go: downloading")
/// are not errors; `too many errors` is kept (it marks the error limit).
std::vector<GoCommandError> ParseGoCommandOutput(std::string_view output, const std::string& dir);

struct GoListError {
  std::string pos;                       ///< "main.go:3:8" or ""
  std::string err;
  std::vector<std::string> import_stack;
};

struct GoListPackage {
  std::string import_path;
  std::string dir;
  std::string name;
  std::vector<std::string> go_files, cgo_files, ignored_go_files, invalid_go_files, test_go_files, xtest_go_files,
      compiled_go_files;
  std::optional<GoListError> error;
  std::vector<GoListError> deps_errors;
  bool incomplete = false;
  bool dep_only = false;
  std::string module_path;
  std::string module_dir;
  std::string module_go_version;
};

/// Reads the concatenated JSON objects `go list -e -json` prints. An error when the
/// stream is not JSON objects (the packages read before it are dropped).
core::Expected<std::vector<GoListPackage>> ParseGoListJson(std::string_view stream);

/// `path:line:col` or `path:line` at the start of `text`; false when there is none.
/// `rest` is what follows ": ".
bool SplitPosition(std::string_view text, std::string& path, int& line, int& column, std::string_view& rest);

}  // namespace godiag::probe
