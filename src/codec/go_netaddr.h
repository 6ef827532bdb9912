// Go's IP addresses as net/http's proxy selection sees them: net/netip.ParseAddr,
// net.ParseCIDR and the net.IP comparisons its NO_PROXY matching makes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace godiag::codec {

/// A parsed address (netip.Addr).
struct NetAddr {
  std::array<uint8_t, 16> b{};  ///< As16 form
  bool is4 = false;
  std::string zone;
};

/// net.IP: 4 or 16 bytes.
using Ip = std::vector<uint8_t>;

/// net.IPNet: the masked address and its mask.
struct Cidr {
  Ip ip, mask;
};

/// netip.ParseAddr; Go's error text ("ParseAddr(\"…\"): …"), nullopt on success.
std::optional<std::string> ParseAddr(std::string_view s, NetAddr* out);

/// netip.Addr.AsSlice: 4 bytes for IPv4, else 16.
Ip AsSlice(const NetAddr& a);

/// netip.Addr.As16.
Ip As16(const NetAddr& a);

/// net.IP.Equal: an IPv4 address equals its IPv4-in-IPv6 form.
bool IpEqual(const Ip& a, const Ip& b);

/// net.IP.IsLoopback.
bool IsLoopback(const Ip& ip);

/// net.ParseCIDR: address without zone, "/", decimal prefix length within the address size;
/// false where Go returns an error.
bool ParseCidr(std::string_view s, Cidr* out);

/// net.IPNet.Contains.
bool CidrContains(const Cidr& c, Ip ip);

}  // namespace godiag::codec
