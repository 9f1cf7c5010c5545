// resource: resource names, dates and page tokens.
#include "libs/platform/resource.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "absl/strings/escaping.h"

namespace partywork {
namespace {

google::type::Date MakeDate(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(ResourceNameTest, Formats) {
  EXPECT_EQ(ResourceName("organizations", 5), "organizations/5");
  EXPECT_EQ(ResourceName("members", 1234567890123), "members/1234567890123");
}

TEST(ResourceNameTest, IdOfWellFormedName) {
  EXPECT_EQ(ResourceId("organizations/5", "organizations"), std::optional<int64_t>(5));
  EXPECT_EQ(ResourceId("organizations/9223372036854775807", "organizations"),
            std::optional<int64_t>(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(ResourceId(ResourceName("members", 77), "members"), std::optional<int64_t>(77));
}

TEST(ResourceNameTest, RejectsOtherShapes) {
  for (const std::string bad : {
           "", "organizations", "organizations/", "organizations/0", "organizations/-1",
           "organization/5", "organizations/5x", "organizations/x5", "organizations/5/members/3",
           "organizationsX5", "organizationsx/5", "members/5", "/5", "5",
           "organizations/9223372036854775808",  // beyond int64
       }) {
    EXPECT_EQ(ResourceId(bad, "organizations"), std::nullopt) << "accepted \"" << bad << "\"";
  }
}

TEST(ResourceNameTest, RejectsNonCanonicalIds) {
  // One resource, one name: a sign or spaces around the id make another string, which must not
  // name the same organization (it would pass validation, then differ from the stored name).
  for (const std::string bad :
       {"organizations/+5", "organizations/ 5", "organizations/5 ", "organizations/5\n"}) {
    EXPECT_EQ(ResourceId(bad, "organizations"), std::nullopt) << "accepted \"" << bad << "\"";
  }
}

TEST(ResourceNameTest, ChildIdUnderItsParentOnly) {
  EXPECT_EQ(ChildResourceId("members/12/awards/3", "members/12", "awards"),
            std::optional<int64_t>(3));
  for (const std::string bad :
       {"members/12/awards/", "members/12/awards/03", "members/1/awards/3", "members/123/awards/3",
        "members/12/events/3", "members/12", "members/12awards/3", "awards/3", ""}) {
    EXPECT_EQ(ChildResourceId(bad, "members/12", "awards"), std::nullopt)
        << "accepted \"" << bad << "\"";
  }
  EXPECT_EQ(ChildResourceId("/awards/3", "", "awards"), std::nullopt);
}

TEST(CivilDayTest, AcceptsRealDates) {
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 2, 29)),
            std::optional<absl::CivilDay>(absl::CivilDay(2024, 2, 29)));
  EXPECT_EQ(ToCivilDay(MakeDate(2000, 2, 29)),
            std::optional<absl::CivilDay>(absl::CivilDay(2000, 2, 29)));
  EXPECT_EQ(ToCivilDay(MakeDate(2025, 12, 31)),
            std::optional<absl::CivilDay>(absl::CivilDay(2025, 12, 31)));
  EXPECT_EQ(ToCivilDay(MakeDate(1, 1, 1)), std::optional<absl::CivilDay>(absl::CivilDay(1, 1, 1)));
}

TEST(CivilDayTest, RejectsImpossibleAndIncompleteDates) {
  EXPECT_EQ(ToCivilDay(MakeDate(2023, 2, 29)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(1900, 2, 29)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 2, 30)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 4, 31)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 1, 32)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 13, 1)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, -1, 1)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 1, -1)), std::nullopt);
  // Unset, or partial dates (google.type.Date allows a 0 year, month or day).
  EXPECT_EQ(ToCivilDay(google::type::Date()), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(0, 5, 1)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 0, 1)), std::nullopt);
  EXPECT_EQ(ToCivilDay(MakeDate(2024, 5, 0)), std::nullopt);
}

TEST(CivilDayTest, ToDateRoundTrip) {
  google::type::Date date = ToDate(absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(date.year(), 2024);
  EXPECT_EQ(date.month(), 2);
  EXPECT_EQ(date.day(), 29);
  EXPECT_EQ(ToCivilDay(date), std::optional<absl::CivilDay>(absl::CivilDay(2024, 2, 29)));
}

TEST(DayTextTest, FormatsAsPostgresDates) {
  EXPECT_EQ(FormatDay(absl::CivilDay(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(FormatDay(absl::CivilDay(2025, 7, 1)), "2025-07-01");
  EXPECT_EQ(FormatDay(absl::CivilDay(999, 1, 9)), "0999-01-09");
}

TEST(DayTextTest, ParseFormatRoundTrip) {
  for (absl::CivilDay day :
       {absl::CivilDay(2024, 2, 29), absl::CivilDay(2019, 10, 1), absl::CivilDay(1930, 2, 3),
        absl::CivilDay(9999, 12, 31), absl::CivilDay(1000, 1, 1)}) {
    std::string text = FormatDay(day);
    EXPECT_EQ(ParseDay(text), std::optional<absl::CivilDay>(day)) << text;
  }
  EXPECT_EQ(ParseDay("2025-07-01"), std::optional<absl::CivilDay>(absl::CivilDay(2025, 7, 1)));
}

TEST(DayTextTest, ParseRejectsBadText) {
  for (const std::string bad : {"", "2023-02-29", "2024-13-01", "2024-02-30", "2024/02/29",
                                "29-02-2024", "yesterday", "2024-02-29T10:00:00", "2024-02"}) {
    EXPECT_EQ(ParseDay(bad), std::nullopt) << "accepted \"" << bad << "\"";
  }
}

// ParseDay reads "YYYY-MM-DD" itself and leaves the rest to absl: both
// agree on every day of two centuries and on near misses.
TEST(DayTextTest, ParseAgreesWithAbslOnEveryDayAndNearMisses) {
  auto absl_day = [](absl::string_view text) -> std::optional<absl::CivilDay> {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(text, &day)) return std::nullopt;
    return day;
  };
  int days = 0;
  for (absl::CivilDay day(1900, 1, 1); day <= absl::CivilDay(2100, 12, 31); ++day, ++days) {
    const std::string text = FormatDay(day);
    ASSERT_EQ(ParseDay(text), std::optional<absl::CivilDay>(day)) << text;
  }
  EXPECT_EQ(days, 73414);
  for (const std::string text :
       {"2024-00-10", "2024-02-00", "2024-1a-01", "2024-01-0x", "+024-01-01", " 024-01-01",
        "2024-04-31", "2023-02-29", "2100-02-29", "2000-02-29", "0000-01-01", "2024-1-01",
        "2024-01-1", "12024-01-01", "2024-12-31 ", "2024-99-99", "2024_01-01"}) {
    EXPECT_EQ(ParseDay(text), absl_day(text)) << "\"" << text << "\"";
  }
}

TEST(PageTokenTest, RoundTrip) {
  for (int64_t id : {int64_t{0}, int64_t{1}, int64_t{42}, int64_t{1} << 40,
                     std::numeric_limits<int64_t>::max()}) {
    std::string token = EncodePageToken(id);
    EXPECT_FALSE(token.empty());
    EXPECT_EQ(DecodePageToken(token), std::optional<int64_t>(id)) << token;
  }
}

TEST(PageTokenTest, TokensAreUrlSafeAndOpaque) {
  std::string token = EncodePageToken(12345);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << token;
  EXPECT_EQ(token.find("12345"), std::string::npos) << token;
  EXPECT_NE(EncodePageToken(1), EncodePageToken(2));
}

TEST(PageTokenTest, GarbageIsRefused) {
  for (const std::string& bad : {
           std::string(""),
           std::string("garbage!"),
           std::string("***"),
           std::string("12345"),
           absl::WebSafeBase64Escape("before:5"),
           absl::WebSafeBase64Escape("after:"),
           absl::WebSafeBase64Escape("after:abc"),
           absl::WebSafeBase64Escape("after:5x"),
           absl::WebSafeBase64Escape("AFTER:5"),
           absl::WebSafeBase64Escape("xafter:5"),
       }) {
    EXPECT_EQ(DecodePageToken(bad), std::nullopt) << "accepted \"" << bad << "\"";
  }
}

}  // namespace
}  // namespace partywork
