// The gateway's authorization table and the checks it drives, without
// servers: the table covers every forwarded method and resolves in the
// descriptors, docs/gateway.md shows the same table, scopes are placed in
// the tree as it was on the request's date, personal data is cleared for
// roles not entitled to it, and callers are rate-limited one by one.
#include <fstream>
#include <sstream>

#include "gateway/authorization.h"
#include "gateway/organization_tree.h"
#include "gateway/rate_limiter.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/membership_service.pb.h"

namespace partywork::gateway {
namespace {

namespace mv1 = ::partywork::membership::v1;

constexpr char kMembership[] = "/partywork.membership.v1.MembershipService/";

grpc::ByteBuffer Wire(const google::protobuf::Message& message) {
  grpc::ByteBuffer buffer;
  bool own;
  EXPECT_TRUE(
      grpc::SerializationTraits<google::protobuf::Message>::Serialize(message, &buffer, &own).ok());
  return buffer;
}

mv1::Organization Organization(int64_t id, int64_t parent, absl::CivilDay from) {
  mv1::Organization o;
  o.set_name(ResourceName("organizations", id));
  if (parent != 0) o.set_parent(ResourceName("organizations", parent));
  *o.mutable_established_on() = ToDate(from);
  *o.mutable_version_from() = ToDate(from);
  return o;
}

common::v1::Event Established(int64_t id, int64_t parent, absl::CivilDay on) {
  mv1::OrganizationEstablished payload;
  *payload.mutable_organization() = Organization(id, parent, on);
  common::v1::Event event;
  event.mutable_payload()->PackFrom(payload);
  return event;
}

common::v1::Event Moved(int64_t id, int64_t new_parent, absl::CivilDay on) {
  mv1::OrganizationsReorganized payload;
  *payload.mutable_reorganization()->mutable_effective_on() = ToDate(on);
  *payload.mutable_reorganization()->add_results() = Organization(id, new_parent, on);
  common::v1::Event event;
  event.mutable_payload()->PackFrom(payload);
  return event;
}

TEST(AuthorizationTable, CoversEveryForwardedMethodAndResolves) {
  std::set<std::string> listed;
  for (const auto& rule : MethodRules()) {
    EXPECT_TRUE(listed.insert(rule.method).second) << rule.method << " listed twice";
    EXPECT_FALSE(rule.roles.empty()) << rule.method;
    for (const auto& role : rule.roles) {
      EXPECT_NE(std::find(KnownRoles().begin(), KnownRoles().end(), role), KnownRoles().end())
          << rule.method << ": unknown role " << role;
    }
  }
  auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* service :
       {"partywork.membership.v1.MembershipService", "partywork.inspection.v1.InspectionService",
        "partywork.reporting.v1.ReportingService", "partywork.common.v1.EventFeedService",
        "partywork.gateway.v1.GatewayService"}) {
    const auto* descriptor = pool->FindServiceByName(service);
    ASSERT_NE(descriptor, nullptr) << service;
    for (int i = 0; i < descriptor->method_count(); ++i) {
      EXPECT_TRUE(listed.count(std::string(service) + "/" + descriptor->method(i)->name()))
          << descriptor->method(i)->full_name()
          << " is forwarded but not in gateway/authorization.cc's table";
    }
  }
  OrganizationTree tree;
  auto authorizer = Authorizer::Create(MethodRules(), &tree);
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
  // A rule naming a field the request lacks is refused at startup.
  MethodRule typo = MethodRules()[1];
  typo.organizations = {"nmae"};
  EXPECT_FALSE(Authorizer::Create({typo}, &tree).ok());
}

TEST(AuthorizationTable, DocsShowTheSameTable) {
  std::ifstream in(std::string(PARTYWORK_SOURCE_DIR) + "/docs/gateway.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- authorization-table:begin -->\n";
  const std::string end = "<!-- authorization-table:end -->";
  auto from = doc.find(begin);
  auto to = doc.find(end);
  ASSERT_NE(from, std::string::npos) << "docs/gateway.md lacks " << begin;
  ASSERT_NE(to, std::string::npos) << "docs/gateway.md lacks " << end;
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()), AuthorizationTableMarkdown())
      << "regenerate the table: partywork-gateway authorization-table";
}

TEST(OrganizationTree, PlacesOrganizationsAsTheyWereOnTheDay) {
  OrganizationTree tree;
  const absl::CivilDay founded(2010, 1, 1), moved(2020, 7, 1);
  tree.Apply(Established(1, 0, founded));  // the Khối
  tree.Apply(Established(2, 1, founded));  // a base committee
  tree.Apply(Established(3, 1, founded));  // another
  tree.Apply(Established(4, 2, founded));  // a cell of the first
  tree.Apply(Moved(4, 3, moved));
  tree.Apply(Moved(4, 3, moved));  // delivered again: no change
  using P = OrganizationTree::Placement;
  EXPECT_EQ(tree.Locate(4, 2, absl::CivilDay(2019, 1, 1)), P::kWithin);
  EXPECT_EQ(tree.Locate(4, 2, moved), P::kOutside);
  EXPECT_EQ(tree.Locate(4, 3, moved), P::kWithin);
  EXPECT_EQ(tree.Locate(4, 1, moved), P::kWithin);
  EXPECT_EQ(tree.Locate(4, 4, moved), P::kWithin);
  EXPECT_EQ(tree.Locate(1, 2, moved), P::kOutside);
  // Before it was established, an organization is placed by its first version.
  EXPECT_EQ(tree.Locate(4, 2, absl::CivilDay(2000, 1, 1)), P::kWithin);
  EXPECT_EQ(tree.Locate(9, 1, moved), P::kUnknown);
  EXPECT_EQ(tree.size(), 4u);
}

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::CivilDay founded(2010, 1, 1);
    tree_.Apply(Established(1, 0, founded));
    tree_.Apply(Established(2, 1, founded));
    tree_.Apply(Established(3, 1, founded));
    tree_.Apply(Established(4, 2, founded));
    auto authorizer = Authorizer::Create(MethodRules(), &tree_);
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *std::move(authorizer);
  }

  Decision Decide(const Caller& caller, const std::string& method,
                  const google::protobuf::Message& request) {
    return authorizer_->Decide(caller, kMembership + method, Wire(request));
  }

  static mv1::GetOrganizationRequest Get(int64_t id) {
    mv1::GetOrganizationRequest request;
    request.set_name(ResourceName("organizations", id));
    return request;
  }

  OrganizationTree tree_;
  std::unique_ptr<Authorizer> authorizer_;
};

TEST_F(AuthorizerTest, DeniesWhatIsMissingByName) {
  const Caller committee{"u", "base_secretary", "organizations/2"};
  EXPECT_TRUE(Decide(committee, "GetOrganization", Get(4)).status.ok());
  EXPECT_TRUE(Decide(committee, "GetOrganization", Get(2)).status.ok());
  EXPECT_EQ(errors::Reason(Decide(committee, "GetOrganization", Get(3)).status), "OUT_OF_SCOPE");
  EXPECT_EQ(errors::Reason(Decide(committee, "GetOrganization", Get(1)).status), "OUT_OF_SCOPE");
  grpc::Status unknown = Decide(committee, "GetOrganization", Get(99)).status;
  EXPECT_EQ(errors::Reason(unknown), "OUT_OF_SCOPE");
  EXPECT_NE(unknown.error_message().find("not known"), std::string::npos);
  // The whole Khối sees everything, known or not: membership answers.
  EXPECT_TRUE(Decide({"k", "khoi_office", ""}, "GetOrganization", Get(99)).status.ok());

  // A scoped caller lists the children of an organization of its subtree.
  mv1::ListOrganizationsRequest all;
  EXPECT_EQ(errors::Reason(Decide(committee, "ListOrganizations", all).status), "OUT_OF_SCOPE");
  all.set_parent("organizations/2");
  EXPECT_TRUE(Decide(committee, "ListOrganizations", all).status.ok());

  grpc::Status role =
      Decide(committee, "CreateOrganization", mv1::CreateOrganizationRequest()).status;
  EXPECT_EQ(role.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(errors::Reason(role), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(errors::Reason(Decide({"x", "", ""}, "GetOrganization", Get(4)).status),
            "ROLE_NOT_ALLOWED");
  EXPECT_EQ(
      errors::Reason(authorizer_
                         ->Decide({"k", "khoi_admin", ""},
                                  std::string(kMembership) + "DropEverything", grpc::ByteBuffer())
                         .status),
      "METHOD_NOT_LISTED");
  // Feeds are for servers only.
  EXPECT_EQ(errors::Reason(authorizer_
                               ->Decide({"k", "khoi_admin", ""},
                                        "/partywork.common.v1.EventFeedService/StreamEvents",
                                        Wire(common::v1::StreamEventsRequest()))
                               .status),
            "ROLE_NOT_ALLOWED");
}

TEST_F(AuthorizerTest, EveryOrganizationOfAReorganizationIsInScope) {
  const Caller khoi{"u", "khoi_office", "organizations/2"};
  mv1::ReorganizeOrganizationsRequest split;
  split.set_decision("Quyết định số 1");
  *split.mutable_effective_on() = ToDate(absl::CivilDay(2024, 1, 1));
  split.mutable_split()->set_source("organizations/4");
  split.mutable_split()->add_results()->set_parent("organizations/2");
  EXPECT_TRUE(Decide(khoi, "ReorganizeOrganizations", split).status.ok());
  split.mutable_split()->add_results()->set_parent("organizations/3");
  EXPECT_EQ(errors::Reason(Decide(khoi, "ReorganizeOrganizations", split).status), "OUT_OF_SCOPE");
  // A new top-level organization lies outside every subtree.
  mv1::CreateOrganizationRequest top;
  *top.mutable_organization()->mutable_established_on() = ToDate(absl::CivilDay(2024, 1, 1));
  EXPECT_EQ(errors::Reason(Decide(khoi, "CreateOrganization", top).status), "OUT_OF_SCOPE");
  EXPECT_TRUE(Decide({"u", "khoi_office", ""}, "CreateOrganization", top).status.ok());
}

TEST_F(AuthorizerTest, ReadsAreRetryableAndPersonalDataIsCleared) {
  const Caller admin{"a", "khoi_admin", ""};
  const Caller reader{"r", "read_only", ""};
  mv1::GetMemberRequest get;
  get.set_name("members/1");
  Decision entitled = Decide(admin, "GetMember", get);
  Decision not_entitled = Decide(reader, "GetMember", get);
  EXPECT_TRUE(entitled.retryable);
  EXPECT_FALSE(entitled.redact);
  EXPECT_TRUE(not_entitled.redact);
  EXPECT_FALSE(Decide(admin, "UpdateMember", mv1::UpdateMemberRequest()).retryable);

  mv1::Member member;
  member.set_full_name("Nguyễn Văn An");
  member.set_national_id("012345678901");
  member.set_background("Lý lịch");
  grpc::ByteBuffer response = Wire(member);
  ASSERT_TRUE(authorizer_->Redact(std::string(kMembership) + "GetMember", &response));
  mv1::Member seen;
  ASSERT_TRUE(grpc::SerializationTraits<mv1::Member>::Deserialize(&response, &seen).ok());
  EXPECT_EQ(seen.full_name(), "Nguyễn Văn An");
  EXPECT_EQ(seen.national_id(), "");
  EXPECT_EQ(seen.background(), "");
}

TEST(RateLimiter, EachCallerHasItsOwnBucket) {
  RateLimiter limiter(/*per_second=*/10, /*burst=*/3);
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("a", t0).has_value()) << i;
  auto wait = limiter.Take("a", t0);
  ASSERT_TRUE(wait.has_value());
  EXPECT_NEAR(absl::ToDoubleMilliseconds(*wait), 100, 0.001);
  EXPECT_FALSE(limiter.Take("b", t0).has_value());  // another caller is not affected
  EXPECT_FALSE(limiter.Take("a", t0 + absl::Milliseconds(100)).has_value());
  EXPECT_TRUE(limiter.Take("a", t0 + absl::Milliseconds(100)).has_value());
  RateLimiter off(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_FALSE(off.Take("a", t0).has_value());
}

}  // namespace
}  // namespace partywork::gateway
