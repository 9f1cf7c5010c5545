// Membership and reporting of their own for a test suite: reporting follows
// membership's feed, and every report is asked with the freshness of
// membership's feed head, so a test reads what it just wrote.
#pragma once

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "tests/e2e/khoi_fixture.h"

namespace partywork::testing {

namespace rv1 = ::partywork::reporting::v1;

class ReportingTest : public KhoiTest {
 protected:
  static void SetUpTestSuite() {
    KhoiTest::SetUpTestSuite();
    Postgres::Get().ResetSchema("reporting");
    ASSERT_EQ(RunBinary("reporting", {"migrate"}), 0);
    reporting_ = ServerProcess::Start("reporting", ReportingEnvironment()).release();
    ASSERT_NE(reporting_, nullptr);
    reports_ = rv1::ReportingService::NewStub(reporting_->channel()).release();
  }
  static void TearDownTestSuite() {
    delete reports_;
    delete reporting_;
    KhoiTest::TearDownTestSuite();
  }

  // Reporting follows this suite's membership; no inspection runs.
  static std::map<std::string, std::string> ReportingEnvironment() {
    return {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()},
            {"PARTYWORK_INSPECTION_ADDRESS", "127.0.0.1:1"},
            {"PARTYWORK_REBUILD_FEEDS", "membership"}};
  }

  // The feed position membership's writes so far will have: sequences are
  // gapless from 1, but numbered after commit, so the head a feed reports
  // may still miss the latest commits; the count of outbox rows does not.
  static int64_t MembershipHead() {
    return Postgres::Get().Admin("SELECT count(*) FROM membership.outbox")[0][0].as<int64_t>();
  }

  // Reflecting every event membership has recorded, waiting up to 30 s.
  static rv1::Freshness UpToDate() {
    rv1::Freshness f;
    auto* p = f.add_min_positions();
    p->set_feed("membership");
    p->set_applied_sequence(MembershipHead());
    f.mutable_max_wait()->set_seconds(30);
    return f;
  }

  static rv1::MembershipReport Members(const std::string& root, absl::CivilDay day,
                                       std::optional<absl::CivilDay> compare = std::nullopt) {
    rv1::GetMembershipReportRequest r;
    r.set_root(root);
    *r.mutable_as_of() = ToDate(day);
    if (compare) *r.mutable_compare_with() = ToDate(*compare);
    *r.mutable_freshness() = UpToDate();
    rv1::MembershipReport out;
    grpc::Status s = reports_->GetMembershipReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static rv1::StructureReport Structure(const std::string& root, absl::CivilDay day,
                                        std::optional<absl::CivilDay> since = std::nullopt) {
    rv1::GetStructureReportRequest r;
    r.set_root(root);
    *r.mutable_as_of() = ToDate(day);
    if (since) {
      *r.mutable_period_start() = ToDate(*since);
      *r.mutable_period_end() = ToDate(day);
    }
    *r.mutable_freshness() = UpToDate();
    rv1::StructureReport out;
    grpc::Status s = reports_->GetStructureReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static rv1::GetStatisticsFormRequest FormRequest(const std::string& root,
                                                   rv1::StatisticsFormKind kind,
                                                   absl::CivilDay start, absl::CivilDay end) {
    rv1::GetStatisticsFormRequest r;
    r.set_root(root);
    r.set_form(kind);
    *r.mutable_period_start() = ToDate(start);
    *r.mutable_period_end() = ToDate(end);
    *r.mutable_freshness() = UpToDate();
    return r;
  }

  static rv1::StatisticsForm Form(const std::string& root, rv1::StatisticsFormKind kind,
                                  absl::CivilDay start, absl::CivilDay end) {
    rv1::StatisticsForm out;
    grpc::Status s =
        reports_->GetStatisticsForm(Context().get(), FormRequest(root, kind, start, end), &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static rv1::ExportReportResponse Export(const rv1::ExportReportRequest& r) {
    rv1::ExportReportResponse out;
    grpc::Status s = reports_->ExportReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // The first value of the form's row `code` (-1 if it has none).
  static double Value(const rv1::StatisticsForm& form, const std::string& code, int column = 0) {
    for (const auto& row : form.rows()) {
      if (row.code() == code && row.values_size() > column) return row.values(column);
    }
    return -1;
  }

  static inline ServerProcess* reporting_ = nullptr;
  static inline rv1::ReportingService::Stub* reports_ = nullptr;
};

// Runs a Python program on `file` with Debian's Python (which has
// python3-openpyxl) and returns what it printed.
inline std::string Python(const std::string& program, const std::string& file) {
  const std::string script = ::testing::TempDir() + "/read_back.py";
  std::ofstream(script) << program;
  std::string command = absl::StrCat("/usr/bin/python3 ", script, " ", file);
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  if (pipe != nullptr) {
    EXPECT_EQ(pclose(pipe), 0) << out;
  }
  return out;
}

}  // namespace partywork::testing
