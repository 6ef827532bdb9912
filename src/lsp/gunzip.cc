#include "lsp/gunzip.h"

#include <zlib.h>

namespace godiag::lsp {

struct Gunzip::State {
  z_stream z{};
  bool ok = false;
};

Gunzip::Gunzip() : state_(std::make_unique<State>()) {
  state_->ok = inflateInit2(&state_->z, 16 + MAX_WBITS) == Z_OK;  // gzip header
  if (!state_->ok) error_ = "zlib: cannot initialise";
}

Gunzip::~Gunzip() {
  if (state_->ok) inflateEnd(&state_->z);
}

bool Gunzip::Feed(std::string_view in, std::string& out) {
  if (!state_->ok || !error_.empty()) return false;
  z_stream& z = state_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  while (z.avail_in > 0 || z.avail_out == 0) {
    if (done_) {  // concatenated members (gzip -c a b)
      if (inflateReset(&z) != Z_OK) break;
      done_ = false;
    }
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    int rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_STREAM_END) {
      done_ = true;
      if (z.avail_in == 0) break;
    } else if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      break;
    } else if (rc != Z_OK) {
      error_ = std::string("gzip: ") + (z.msg ? z.msg : "corrupt data");
      return false;
    }
  }
  return true;
}

}  // namespace godiag::lsp
