// godiag's own tile cache for a checksum database: one append-only file of records
// "<tile path>\n<length>\n<bytes>" (one file create per run instead of one per tile; on
// this kind of disk a create costs more than fetching the tile). Tiles read from it are
// authenticated like any other, so a damaged record costs a refetch, never a wrong answer.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/file_system.h"

namespace godiag::probe {

/// Records of a pack (views into `data`); parsing stops at the first damaged or truncated one.
std::map<std::string_view, std::string_view> ParseTilePack(std::string_view data);
std::string FormatTilePackRecord(std::string_view tile_path, std::string_view data);

class TilePack {
 public:
  static constexpr size_t kMaxBytes = 64u << 20;  ///< a larger pack is started afresh

  TilePack(const platform::FileSystem& fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  TilePack(const TilePack&) = delete;  // tiles_ views into data_ and added_
  TilePack& operator=(const TilePack&) = delete;
  /// The tile's bytes, if the pack has them (the pack is read on first use); valid as long as the pack.
  std::optional<std::string_view> Find(std::string_view tile_path);
  bool Has(std::string_view tile_path);
  /// Appends the tiles the pack does not have, in one write.
  void Add(const std::vector<std::pair<std::string, std::string>>& tiles);

 private:
  void Load();
  const platform::FileSystem& fs_;
  std::string path_;
  bool loaded_ = false;
  bool restart_ = false;  ///< too large: the next Add truncates
  std::string data_;                                  ///< the file as read
  std::deque<std::string> added_;                     ///< records added since (stable addresses)
  std::map<std::string_view, std::string_view> tiles_;  ///< path -> bytes, views into data_ and added_
};

}  // namespace godiag::probe
