#include "probe/tile_pack.h"

#include <charconv>

namespace godiag::probe {

std::map<std::string_view, std::string_view> ParseTilePack(std::string_view data) {
  std::map<std::string_view, std::string_view> out;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl1 = data.find('\n', pos);
    if (nl1 == std::string_view::npos) break;
    size_t nl2 = data.find('\n', nl1 + 1);
    if (nl2 == std::string_view::npos) break;
    std::string_view path = data.substr(pos, nl1 - pos);
    std::string_view len_text = data.substr(nl1 + 1, nl2 - nl1 - 1);
    size_t len = 0;
    auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
    if (ec != std::errc() || end != len_text.data() + len_text.size() || len > (1u << 20) || path.empty() ||
        nl2 + 1 + len > data.size())
      break;
    out[path] = data.substr(nl2 + 1, len);
    pos = nl2 + 1 + len;
  }
  return out;
}

std::string FormatTilePackRecord(std::string_view tile_path, std::string_view data) {
  return std::string(tile_path) + "\n" + std::to_string(data.size()) + "\n" + std::string(data);
}

void TilePack::Load() {
  if (loaded_) return;
  loaded_ = true;
  auto data = fs_.ReadFile(path_, kMaxBytes);
  // Present but unreadable (larger than kMaxBytes, or damaged): start it afresh.
  if (!data) restart_ = fs_.Stat(path_).type == platform::FileType::kFile;
  else {
    data_ = std::move(*data);
    tiles_ = ParseTilePack(data_);
  }
}

std::optional<std::string_view> TilePack::Find(std::string_view tile_path) {
  Load();
  auto it = tiles_.find(tile_path);
  if (it == tiles_.end()) return std::nullopt;
  return it->second;
}

bool TilePack::Has(std::string_view tile_path) {
  Load();
  return tiles_.count(tile_path) > 0;
}

void TilePack::Add(const std::vector<std::pair<std::string, std::string>>& tiles) {
  Load();
  std::string batch;
  for (const auto& [path, data] : tiles) {
    if (tiles_.count(path)) continue;
    const std::string& record = added_.emplace_back(FormatTilePackRecord(path, data));
    batch += record;
    std::string_view view = record;
    tiles_[view.substr(0, path.size())] = view.substr(record.size() - data.size());
  }
  if (batch.empty()) return;
  auto out = restart_ ? fs_.Create(path_, true) : fs_.Append(path_, true);
  restart_ = false;
  if (out) (void)(*out)->Write(batch);
}

}  // namespace godiag::probe
