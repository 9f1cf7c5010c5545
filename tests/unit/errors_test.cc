// errors: AIP-193 statuses (ErrorInfo, BadRequest, LocalizedMessage vi-VN) and reading them back.
#include "libs/platform/errors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"

namespace partywork::errors {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kDomain[] = "membership.partywork";

// The single detail of type T in the status, or nullopt (fails the test if there are several).
template <class T>
std::optional<T> Detail(const grpc::Status& status) {
  auto details = Details(status);
  if (!details) return std::nullopt;
  std::optional<T> found;
  for (const auto& any : details->details()) {
    T message;
    if (!any.UnpackTo(&message)) continue;
    EXPECT_FALSE(found.has_value()) << "more than one " << T::descriptor()->full_name();
    found = message;
  }
  return found;
}

class ErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override { SetDomain(kDomain); }
};

TEST_F(ErrorsTest, InvalidArgumentCarriesEveryFieldViolation) {
  grpc::Status status = InvalidArgument(
      {{"organization.display_name", "is required"}, {"organization.kind", "is required"}});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "invalid request: organization.display_name: is required; organization.kind: is "
            "required");

  auto details = Details(status);
  ASSERT_TRUE(details.has_value());
  EXPECT_EQ(details->code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(details->message(), status.error_message());

  auto bad = Detail<google::rpc::BadRequest>(status);
  ASSERT_TRUE(bad.has_value());
  ASSERT_EQ(bad->field_violations_size(), 2);
  EXPECT_EQ(bad->field_violations(0).field(), "organization.display_name");
  EXPECT_EQ(bad->field_violations(0).description(), "is required");
  EXPECT_EQ(bad->field_violations(1).field(), "organization.kind");
  EXPECT_EQ(bad->field_violations(1).description(), "is required");

  auto info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "INVALID_FIELDS");
  EXPECT_EQ(info->domain(), kDomain);

  auto localized = Detail<google::rpc::LocalizedMessage>(status);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->locale(), "vi-VN");
  EXPECT_FALSE(localized->message().empty());
}

TEST_F(ErrorsTest, FieldViolationsReadsThemBack) {
  std::vector<FieldViolation> sent = {{"member.birth_date", "is not a real date"},
                                      {"member.full_name", "is required"},
                                      {"request_id", "must be a UUID"}};
  grpc::Status status = InvalidArgument(sent);
  std::vector<FieldViolation> got = FieldViolations(status);
  ASSERT_EQ(got.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(got[i].field, sent[i].field) << i;
    EXPECT_EQ(got[i].description, sent[i].description) << i;
  }
  EXPECT_EQ(Reason(status), "INVALID_FIELDS");
}

TEST_F(ErrorsTest, DomainFollowsSetDomain) {
  SetDomain("reporting.partywork");
  auto info = Detail<google::rpc::ErrorInfo>(NotFound("reports/1"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "reporting.partywork");

  SetDomain(kDomain);
  info = Detail<google::rpc::ErrorInfo>(NotFound("reports/1"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), kDomain);
}

TEST_F(ErrorsTest, FromRuleIsFailedPreconditionWithReasonMetadataAndVietnamese) {
  RuleViolation violation{
      "PARENT_KIND_NOT_ALLOWED",
      "a base cell cannot be placed under a base cell",
      "Loại tổ chức đảng này không thể trực thuộc tổ chức cấp trên đã chọn.",
      {{"parent_kind", "ORGANIZATION_KIND_BASE_CELL"}, {"parent", "organizations/7"}}};
  grpc::Status status = FromRule(violation);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "a base cell cannot be placed under a base cell");
  EXPECT_EQ(Reason(status), "PARENT_KIND_NOT_ALLOWED");

  auto info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "PARENT_KIND_NOT_ALLOWED");
  EXPECT_EQ(info->domain(), kDomain);
  ASSERT_EQ(info->metadata().size(), 2u);
  EXPECT_EQ(info->metadata().at("parent_kind"), "ORGANIZATION_KIND_BASE_CELL");
  EXPECT_EQ(info->metadata().at("parent"), "organizations/7");

  auto localized = Detail<google::rpc::LocalizedMessage>(status);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->locale(), "vi-VN");
  EXPECT_EQ(localized->message(),
            "Loại tổ chức đảng này không thể trực thuộc tổ chức cấp trên đã chọn.");

  // A rule violation is not about fields.
  EXPECT_FALSE(Detail<google::rpc::BadRequest>(status).has_value());
  EXPECT_THAT(FieldViolations(status), IsEmpty());
}

TEST_F(ErrorsTest, NotFound) {
  grpc::Status status = NotFound("organizations/42");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("organizations/42"));
  EXPECT_EQ(Reason(status), "RESOURCE_NOT_FOUND");
  auto info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("resource"), "organizations/42");
  auto localized = Detail<google::rpc::LocalizedMessage>(status);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->locale(), "vi-VN");
  EXPECT_THAT(localized->message(), HasSubstr("organizations/42"));
}

TEST_F(ErrorsTest, AlreadyExists) {
  grpc::Status status = AlreadyExists("members/9");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Reason(status), "RESOURCE_ALREADY_EXISTS");
  auto info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("resource"), "members/9");
}

TEST_F(ErrorsTest, StaleEtagIsAborted) {
  grpc::Status status = StaleEtag("organizations/3");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reason(status), "STALE_ETAG");
  EXPECT_THAT(status.error_message(), HasSubstr("organizations/3"));
  auto info = Detail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("resource"), "organizations/3");
  auto localized = Detail<google::rpc::LocalizedMessage>(status);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->locale(), "vi-VN");
}

TEST_F(ErrorsTest, Unavailable) {
  grpc::Status status = Unavailable("the database is down");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "the database is down");
  EXPECT_EQ(Reason(status), "SERVICE_UNAVAILABLE");
  auto details = Details(status);
  ASSERT_TRUE(details.has_value());
  EXPECT_EQ(details->code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ErrorsTest, OtherHelpersSetTheirCodes) {
  grpc::Status unauthenticated = Unauthenticated("no identity");
  EXPECT_EQ(unauthenticated.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reason(unauthenticated), "UNAUTHENTICATED");

  grpc::Status denied = PermissionDenied("OUTSIDE_SCOPE", "not your organization");
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(denied), "OUTSIDE_SCOPE");

  grpc::Status internal = Internal("boom");
  EXPECT_EQ(internal.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(Reason(internal), "INTERNAL");

  grpc::Status precondition =
      FailedPrecondition("PROBATIONARY_MEMBER_CANNOT_BE_REMOVED_FROM_POST", "probationary")
          .Meta("member", "members/1")
          .Vietnamese("Đảng viên dự bị");
  EXPECT_EQ(precondition.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(precondition), "PROBATIONARY_MEMBER_CANNOT_BE_REMOVED_FROM_POST");
  auto info = Detail<google::rpc::ErrorInfo>(precondition);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("member"), "members/1");
  auto localized = Detail<google::rpc::LocalizedMessage>(precondition);
  ASSERT_TRUE(localized.has_value());
  EXPECT_EQ(localized->message(), "Đảng viên dự bị");
}

TEST_F(ErrorsTest, ErrorWithoutVietnameseHasNoLocalizedMessage) {
  grpc::Status status = Internal("boom");
  EXPECT_FALSE(Detail<google::rpc::LocalizedMessage>(status).has_value());
  EXPECT_FALSE(Detail<google::rpc::BadRequest>(status).has_value());
}

TEST_F(ErrorsTest, PlainStatusWithoutDetails) {
  grpc::Status plain(grpc::StatusCode::NOT_FOUND, "nothing here");
  EXPECT_EQ(Reason(plain), "");
  EXPECT_FALSE(Details(plain).has_value());
  EXPECT_THAT(FieldViolations(plain), IsEmpty());

  EXPECT_EQ(Reason(grpc::Status::OK), "");
  EXPECT_FALSE(Details(grpc::Status::OK).has_value());
}

TEST_F(ErrorsTest, DetailsWithoutErrorInfoGiveEmptyReason) {
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  bad.add_field_violations()->set_field("x");
  details.add_details()->PackFrom(bad);
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad", details.SerializeAsString());
  EXPECT_EQ(Reason(status), "");
  auto violations = FieldViolations(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "x");
}

}  // namespace
}  // namespace partywork::errors
