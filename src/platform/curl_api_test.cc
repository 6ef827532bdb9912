#include "platform/curl_api.h"

#include <gtest/gtest.h>

#include <future>
#include <vector>

namespace godiag::platform::curl {
namespace {

// libcurl is loaded once however many threads ask at once, a Preload among them.
TEST(CurlApiTest, LoadsOnceFromManyThreads) {
  Preload();
  std::vector<std::future<const Api*>> loads;
  for (int i = 0; i < 8; ++i) loads.push_back(std::async(std::launch::async, [] { return Load(); }));
  const Api* first = Load();
  ASSERT_NE(first, nullptr) << LoadError();
  for (auto& f : loads) EXPECT_EQ(f.get(), first);
  EXPECT_EQ(LoadError(), "");
  // The resolved functions work: a URL parsed by libcurl itself.
  CURLU* u = url();
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(url_set(u, CURLUPART_URL, "https://example.com:8443/p", 0), CURLUE_OK);
  char* host = nullptr;
  ASSERT_EQ(url_get(u, CURLUPART_HOST, &host, 0), CURLUE_OK);
  EXPECT_STREQ(host, "example.com");
  free(host);
  url_cleanup(u);
}

}  // namespace
}  // namespace godiag::platform::curl
