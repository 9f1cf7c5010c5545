// A membership server of its own for a test suite, and short calls to it
// signed as a Khối administrator.
#pragma once

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

namespace partywork::testing {

namespace mv1 = ::partywork::membership::v1;

class MembershipTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Postgres::Get().ResetSchema("membership");
    ASSERT_EQ(RunBinary("membership", {"migrate"}), 0);
    server_ = ServerProcess::Start("membership").release();
    ASSERT_NE(server_, nullptr);
    stub_ = mv1::MembershipService::NewStub(server_->channel()).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
  }

  // A context signed as an administrator, with a request id if given.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& request_id = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    SignAs(context.get());
    if (!request_id.empty()) context->AddMetadata(kRequestIdHeader, request_id);
    return context;
  }

  // Creates an organization; fails the test (and returns "") if refused.
  static std::string Create(const std::string& display_name, mv1::OrganizationKind kind,
                            mv1::OrganizationType type, const std::string& parent,
                            absl::CivilDay established_on) {
    mv1::CreateOrganizationRequest request;
    auto* o = request.mutable_organization();
    o->set_display_name(display_name);
    o->set_kind(kind);
    o->set_type(type);
    o->set_parent(parent);
    *o->mutable_established_on() = ToDate(established_on);
    mv1::Organization created;
    grpc::Status status = stub_->CreateOrganization(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << display_name << ": " << status.error_message();
    return created.name();
  }

  static mv1::SummarizeOrganizationsResponse Summary(const std::string& root, absl::CivilDay day) {
    mv1::SummarizeOrganizationsRequest request;
    request.set_root(root);
    *request.mutable_as_of() = ToDate(day);
    mv1::SummarizeOrganizationsResponse response;
    grpc::Status status = stub_->SummarizeOrganizations(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static grpc::Status Reorganize(const mv1::ReorganizeOrganizationsRequest& request,
                                 mv1::Reorganization* response = nullptr) {
    mv1::Reorganization ignored;
    return stub_->ReorganizeOrganizations(Context().get(), request, response ? response : &ignored);
  }

  static mv1::Organization Get(const std::string& name, absl::CivilDay day) {
    mv1::GetOrganizationRequest request;
    request.set_name(name);
    *request.mutable_as_of() = ToDate(day);
    mv1::Organization o;
    grpc::Status status = stub_->GetOrganization(Context().get(), request, &o);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return o;
  }

  static inline ServerProcess* server_ = nullptr;
  static inline mv1::MembershipService::Stub* stub_ = nullptr;
};

}  // namespace partywork::testing
