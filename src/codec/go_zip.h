// A downloaded module zip read as the go command reads it (modfetch downloadZip): Go's
// zip.NewReader, the path prefix check, then dirhash.HashZip's h1: hash. Pure (zlib only).
#pragma once

#include <string>
#include <string_view>

namespace godiag::codec {

struct ZipHash {
  std::string hash;   ///< "h1:…", "" when the zip cannot be hashed
  std::string error;  ///< why not, in Go's words where Go has them ("zip: not a valid zip file",
                      ///< "zip for M@V has unexpected file F", "zip: checksum error", …)
};

/// `module_at_version`: "path@version", the prefix every file name must carry. Zip64 archives
/// are not read (error says so).
ZipHash GoModuleZipHash(std::string_view zip, std::string_view module_at_version);

}  // namespace godiag::codec
