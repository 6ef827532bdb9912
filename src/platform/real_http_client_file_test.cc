// RealHttpClient on file:// URLs: the go command's 404/403 mapping, caps, mixing.
#include "platform/real_http_client.h"

#include <gtest/gtest.h>

#include "testing/http_test_server.h"

namespace godiag::platform {
namespace {

using namespace test_http;  // NOLINT(google-build-using-namespace): test helpers

class RealHttpClientFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "godiag-http-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::permissions(dir_ + "/secret.txt", std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << content;
    return "file://" + dir_ + "/" + name;
  }
  std::string dir_;
};

TEST_F(RealHttpClientFileTest, ReadsFile) {
  HttpResponse r = FetchOne(Get(Write("hello.txt", "file body")));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.body, "file body");
  EXPECT_EQ(r.body_bytes, 9);
}

TEST_F(RealHttpClientFileTest, PercentDecodesPath) {
  Write("a b.txt", "spaced");
  HttpResponse r = FetchOne(Get("file://" + dir_ + "/a%20b.txt"));
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_EQ(r.body, "spaced");
}

TEST_F(RealHttpClientFileTest, CapsBody) {
  HttpRequest req = Get(Write("big.txt", std::string(5000, 'y')));
  req.max_body = 10;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.body, std::string(10, 'y'));
  EXPECT_EQ(r.body_bytes, 5000);
}

// A spool request maps the file instead of reading it; max_body bounds the view.
TEST_F(RealHttpClientFileTest, SpoolMapsTheFile) {
  HttpRequest req = Get(Write("big.zip", LargeBody()));
  req.spool = true;
  req.max_body = 8u << 20;
  HttpResponse r = FetchOne(req);
  EXPECT_EQ(r.status, 200) << ErrorOf(r);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.Body() == LargeBody());
  req.max_body = 10;
  r = FetchOne(req);
  EXPECT_EQ(r.Body(), std::string_view(LargeBody()).substr(0, 10));
  EXPECT_EQ(r.body_bytes, static_cast<int64_t>(LargeBody().size()));
  HttpRequest empty = Get(Write("empty", ""));
  empty.spool = true;
  EXPECT_EQ(FetchOne(empty).Body(), "");
}

TEST_F(RealHttpClientFileTest, MissingFileIs404) {
  HttpResponse r = FetchOne(Get("file://" + dir_ + "/nope/list"));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.reason, "Not Found");
}

TEST_F(RealHttpClientFileTest, UnreadableFileIs403) {
  std::string url = Write("secret.txt", "hidden");
  ::chmod((dir_ + "/secret.txt").c_str(), 0);
  if (::geteuid() == 0) {
    // chmod 000 does not stop root; a write-only sysfs attribute refuses even root's read.
    const char* write_only = "/sys/bus/pci/rescan";
    int fd = ::open(write_only, O_RDONLY);
    if (fd >= 0) ::close(fd);
    if (fd >= 0 || errno != EACCES) GTEST_SKIP() << "running as root and " << write_only << " is readable or missing";
    url = std::string("file://") + write_only;
  }
  HttpResponse r = FetchOne(Get(url));
  EXPECT_EQ(r.error, NetError::kNone) << ErrorOf(r);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.reason, "Forbidden");
}

TEST_F(RealHttpClientFileTest, DirectoryIsFileError) {
  HttpResponse r = FetchOne(Get("file://" + dir_));
  EXPECT_EQ(r.error, NetError::kFile);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error_text.find("Is a directory"), std::string::npos) << r.error_text;
}

TEST_F(RealHttpClientFileTest, MixesWithNetworkRequests) {
  TestServer server;
  RealHttpClient client;
  std::vector<HttpResponse> out = client.Fetch({Get(Write("one.txt", "1")), Get(server.Url("/ok"))}, {}, kTimeout);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].body, "1");
  EXPECT_EQ(out[1].body, "hello world");
}

}  // namespace
}  // namespace godiag::platform
