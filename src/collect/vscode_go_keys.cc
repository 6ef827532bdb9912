#include "collect/vscode_go_keys.h"

#include <algorithm>
#include <map>

namespace godiag::collect {

namespace {

// Source: golang/vscode-go @ 28e27ffd3a0eca1de30b1a9656a75cbd47e94e4e (2026-08-21),
// extension/package.json `contributes.configuration.properties` (all 67 keys, including the
// deprecated-but-defined go.buildOnSave and go.logging.level).
const std::vector<std::string> kVscodeGoKeys = {
    "go.addTags", "go.alternateTools", "go.buildFlags", "go.buildOnSave", "go.buildTags", "go.coverMode",
    "go.coverOnSave", "go.coverOnSingleTest", "go.coverOnSingleTestFile", "go.coverOnTestPackage",
    "go.coverShowCounts", "go.coverageDecorator", "go.coverageOptions", "go.delveConfig",
    "go.diagnostic.vulncheck", "go.disableConcurrentTests", "go.editorContextMenuCommands",
    "go.enableCodeLens", "go.experiments", "go.formatFlags", "go.formatTool", "go.generateTestsFlags",
    "go.gopath", "go.goroot", "go.inferGopath", "go.inlayHints.assignVariableTypes",
    "go.inlayHints.compositeLiteralFields", "go.inlayHints.compositeLiteralTypes",
    "go.inlayHints.constantValues", "go.inlayHints.functionTypeParameters", "go.inlayHints.ignoredError",
    "go.inlayHints.parameterNames", "go.inlayHints.rangeVariableTypes", "go.installDependenciesWhenBuilding",
    "go.languageServerFlags", "go.lintFlags", "go.lintOnSave", "go.lintTool", "go.logging.level",
    "go.playground", "go.removeTags", "go.showWelcome", "go.survey.prompt", "go.tasks.provideDefault",
    "go.terminal.activateEnvironment", "go.testEnvFile", "go.testEnvVars",
    "go.testExplorer.alwaysRunBenchmarks", "go.testExplorer.concatenateMessages", "go.testExplorer.enable",
    "go.testExplorer.packageDisplayMode", "go.testExplorer.showDynamicSubtestsInEditor",
    "go.testExplorer.showOutput", "go.testFlags", "go.testOnSave", "go.testTags", "go.testTimeout",
    "go.toolsEnvVars", "go.toolsGopath", "go.toolsManagement.autoUpdate",
    "go.toolsManagement.checkForUpdates", "go.toolsManagement.go", "go.trace.server", "go.useLanguageServer",
    "go.vetFlags", "go.vetOnSave", "gopls",
};

// go.* keys that vscode-go's package.json once defined and later removed (from its git
// history and CHANGELOG), with the replacement setting when there is one ("" = none).
const std::map<std::string, std::string, std::less<>> kRemovedVscodeGoKeys = {
    {"go.autocompleteUnimportedPackages", ""},
    {"go.docsTool", ""},
    {"go.formatOnSave", "editor.formatOnSave"},
    {"go.gocodeAutoBuild", ""},
    {"go.gocodeFlags", ""},
    {"go.gocodePackageLookupMode", ""},
    {"go.gotoSymbol.ignoreFolders", ""},
    {"go.gotoSymbol.includeGoroot", ""},
    {"go.gotoSymbol.includeImports", ""},
    {"go.languageServerExperimentalFeatures", ""},
    {"go.liveErrors", ""},
    {"go.overwriteGoplsMiddleware", ""},
    {"go.referencesCodeLens.enabled", "go.enableCodeLens"},
    {"go.testExplorerConcatenateMessages", "go.testExplorer.concatenateMessages"},
    {"go.testExplorerPackages", "go.testExplorer.packageDisplayMode"},
    {"go.testExplorerRunBenchmarks", "go.testExplorer.alwaysRunBenchmarks"},
    {"go.testExplorerSetDynamicSubtestRange", "go.testExplorer.showDynamicSubtestsInEditor"},
    {"go.useCodeSnippetsOnFunctionSuggest", ""},
    {"go.useCodeSnippetsOnFunctionSuggestWithoutType", ""},
    {"go.useDiffForFormatting", ""},
    {"go.useDlvDap", ""},
    {"go.useGoProxyToCheckForToolUpdates", "go.toolsManagement.checkForUpdates"},
};

// Source: golang/tools @ 8f0f8c7bde0eea32e01e570a0e330c60a0cbaecc (2026-08-20),
// gopls/internal/doc/api.json option names with their hierarchy, minus "memoryMode"
// (gopls's settings.go reports it as deprecated) and "staticcheckProvided" (listed, but
// Options.setOne has no case for it: gopls answers "unexpected setting").
const std::vector<std::string> kGoplsDocumented = {
    "build.buildFlags", "build.directoryFilters", "build.env", "build.expandWorkspaceToModule",
    "build.standaloneTags", "build.templateExtensions", "build.workspaceFiles", "fileWatcher",
    "formatting.gofumpt", "formatting.local", "maxFileCacheBytes", "memoryLimit", "ui.codelenses",
    "ui.completion.completeFunctionCalls", "ui.completion.completionBudget",
    "ui.completion.experimentalPostfixCompletions", "ui.completion.matcher", "ui.completion.usePlaceholders",
    "ui.diagnostic.analyses", "ui.diagnostic.analysisProgressReporting", "ui.diagnostic.annotations",
    "ui.diagnostic.diagnosticsDelay", "ui.diagnostic.diagnosticsTrigger", "ui.diagnostic.staticcheck",
    "ui.diagnostic.vulncheck", "ui.documentation.hoverKind", "ui.documentation.linkTarget",
    "ui.documentation.linksInHover", "ui.inlayhint.hints", "ui.moveDeclaration", "ui.moveType",
    "ui.navigation.importShortcut", "ui.navigation.symbolMatcher", "ui.navigation.symbolScope",
    "ui.navigation.symbolStyle", "ui.newGoFileHeader", "ui.noSemanticNumber", "ui.noSemanticString",
    "ui.renameMovesSubpackages", "ui.semanticTokenModifiers", "ui.semanticTokenTypes", "ui.semanticTokens",
    "verboseOutput",
};

// Same source, gopls/internal/settings/settings.go Options.setOne: names gopls accepts
// without a deprecation error but does not document.
const std::vector<std::string> kGoplsUndocumented = {
    "allExperiments",  // injected by the nightly VS Code Go extension; ignored
    "completeUnimported", "completionDocumentation", "deepCompletion", "includeReplaceInWorkspace",
    "linkifyShowMessage", "mcpTools", "pullDiagnostics", "reportAnalysisProgressAfter", "showBugReports",
    "subdirWatchPatterns", "telemetryPrompt", "verboseWorkDoneProgress", "zeroConfig",
};

// Same source: names setOne answers with "this setting is deprecated[, use X instead]",
// mapped to the documented name of X ("" = no replacement). "staticcheckProvided" is ours.
const std::map<std::string, std::string, std::less<>> kGoplsDeprecated = {
    {"allowImplicitNetworkAccess", ""},
    {"allowModfileModifications", ""},
    {"caseSensitiveCompletion", "ui.completion.matcher"},
    {"codelens", "ui.codelenses"},
    {"disableDeepCompletion", "deepCompletion"},
    {"disableFuzzyMatching", "ui.completion.matcher"},
    {"experimentalDiagnosticsDelay", "ui.diagnostic.diagnosticsDelay"},
    {"experimentalDisabledAnalyses", "ui.diagnostic.analyses"},
    {"experimentalPackageCacheKey", ""},
    {"experimentalTemplateSupport", ""},
    {"experimentalUseInvalidMetadata", ""},
    {"experimentalWatchedFileDelay", ""},
    {"experimentalWorkspaceModule", ""},
    {"fuzzyMatching", "ui.completion.matcher"},
    {"go-diff", ""},
    {"importsSource", ""},
    {"memoryMode", ""},
    {"newDiff", ""},
    {"noIncrementalSync", ""},
    {"staticcheckProvided", "ui.diagnostic.staticcheck"},
    {"tempModFile", ""},
    {"wantCompletionDocumentation", "completionDocumentation"},
    {"wantSuggestedFixes", ""},
    {"wantUnimportedCompletions", "completeUnimported"},
    {"watchFileChanges", ""},
};

std::string_view LastSegment(std::string_view name) {
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// gopls's accepted last segments -> the name to suggest (documented when documented).
const std::map<std::string, std::string, std::less<>>& GoplsAccepted() {
  static const auto* accepted = [] {
    auto* m = new std::map<std::string, std::string, std::less<>>();
    for (const auto& full : kGoplsDocumented) (*m)[std::string(LastSegment(full))] = full;
    for (const auto& name : kGoplsUndocumented) (*m)[name] = name;
    return m;
  }();
  return *accepted;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

KeyVerdict Unknown(std::optional<std::string> suggestion) { return KeyVerdict{false, std::move(suggestion)}; }

}  // namespace

const std::vector<std::string>& VscodeGoSettingNames() { return kVscodeGoKeys; }

const std::vector<std::string>& GoplsDocumentedSettingNames() { return kGoplsDocumented; }

int EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      int cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) && Lower(a[i - 2]) == Lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::optional<std::string> NearestName(std::string_view name, const std::vector<std::string>& candidates) {
  // Close enough: one edit for short names, two up to 12 characters, three beyond.
  const int limit = name.size() <= 5 ? 1 : name.size() <= 12 ? 2 : 3;
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const auto& c : candidates) {
    // Cheap bound: the length difference is a lower bound of the distance.
    size_t diff = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (diff > static_cast<size_t>(limit)) continue;
    int d = EditDistance(name, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best;
}

KeyVerdict CheckTopLevelKey(std::string_view key) {
  if (key == "gopls") return {};
  if (key.substr(0, 6) == "gopls.") {
    // VS Code splits a dotted key into nested objects, so gopls would receive
    // {"ui": {...}} and reject it: the settings belong inside the "gopls" object.
    return Unknown("gopls");
  }
  if (key.substr(0, 3) != "go.") return {};
  if (std::binary_search(kVscodeGoKeys.begin(), kVscodeGoKeys.end(), key)) return {};
  if (auto it = kRemovedVscodeGoKeys.find(key); it != kRemovedVscodeGoKeys.end()) {
    return Unknown(it->second.empty() ? std::nullopt : std::optional<std::string>(it->second));
  }
  if (key.substr(0, 8) == "go.gopls") return Unknown("gopls");  // "go.gopls", "go.goplsOptions", ...
  std::string_view rest = key.substr(3);
  std::vector<std::string> tails;
  tails.reserve(kVscodeGoKeys.size());
  for (const auto& k : kVscodeGoKeys) {
    if (k.substr(0, 3) == "go.") tails.push_back(k.substr(3));
  }
  auto near = NearestName(rest, tails);
  return Unknown(near ? std::optional<std::string>("go." + *near) : std::nullopt);
}

KeyVerdict CheckGoplsKey(std::string_view name) {
  std::string_view last = LastSegment(name);
  const auto& accepted = GoplsAccepted();
  if (accepted.count(last)) return {};
  if (auto it = kGoplsDeprecated.find(last); it != kGoplsDeprecated.end()) {
    return Unknown(it->second.empty() ? std::nullopt : std::optional<std::string>(it->second));
  }
  std::vector<std::string> names;
  names.reserve(accepted.size());
  for (const auto& [segment, full] : accepted) names.push_back(segment);
  auto near = NearestName(last, names);
  if (!near) return Unknown(std::nullopt);
  return Unknown(accepted.find(*near)->second);
}

}  // namespace godiag::collect
