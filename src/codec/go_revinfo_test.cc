#include "codec/go_revinfo.h"

#include <gtest/gtest.h>

#include "codec/go_time.h"

namespace godiag::codec {
namespace {

// Texts as encoding/json and time of Go 1.26 print them (tests/oracle/revinfo_oracle_test.cc
// compares thousands more with the real thing).
TEST(GoRevInfoTest, TimeIsReadByTimeUnmarshalJson) {
  std::string version;
  EXPECT_EQ(GoRevInfoError(R"({"Version":"v1.5.2","Time":"2018-02-14T15:44:20Z"})", &version), "");
  EXPECT_EQ(version, "v1.5.2");
  EXPECT_EQ(GoRevInfoError(R"({"Time":"yesterday"})", nullptr),
            R"(parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006")");
  EXPECT_EQ(GoRevInfoError(R"({"Time":5})", nullptr), "Time.UnmarshalJSON: input is not a JSON string");
  EXPECT_EQ(GoRevInfoError(R"({"Time":"2018-02-30T15:44:20Z"})", nullptr),
            R"(parsing time "2018-02-30T15:44:20Z": day out of range)");
  // It stops the decoding, so it wins over a type error saved before it.
  EXPECT_EQ(GoRevInfoError(R"({"Version":5,"Time":"2018"})", nullptr),
            R"(parsing time "2018" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "-")");
}

TEST(GoRevInfoTest, OriginIsACodehostOriginOfStrings) {
  EXPECT_EQ(GoRevInfoError(R"({"Origin":"git"})", nullptr),
            "json: cannot unmarshal string into Go struct field RevInfo.Origin of type codehost.Origin");
  EXPECT_EQ(GoRevInfoError(R"({"Origin":{"VCS":1}})", nullptr),
            "json: cannot unmarshal number into Go struct field Origin.Origin.VCS of type string");
  EXPECT_EQ(GoRevInfoError(R"({"Origin":{"Unknown":1,"URL":null},"Version":"v1"})", nullptr), "");
}

TEST(GoTimeTest, Rfc3339Errors) {
  EXPECT_EQ(GoParseRfc3339Error("2018-01-01T09:00:00.123456789123+05:30"), "");
  EXPECT_EQ(GoParseRfc3339Error("2018-01-01T24:00:00Z"), R"(parsing time "2018-01-01T24:00:00Z": hour out of range)");
  EXPECT_EQ(GoParseRfc3339Error("2018-01-01T09:00:00Zjunk"),
            R"(parsing time "2018-01-01T09:00:00Zjunk": extra text: "junk")");
  EXPECT_EQ(GoParseRfc3339Error("\xc3\xa9\xff"),
            R"(parsing time "\xc3\xa9\xff" as "2006-01-02T15:04:05Z07:00": cannot parse "\xc3\xa9\xff" as "2006")");
}

}  // namespace
}  // namespace godiag::codec
