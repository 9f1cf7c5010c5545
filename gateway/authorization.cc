#include "gateway/authorization.h"

#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/message.h"
#include "google/type/date.pb.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"

namespace partywork::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using namespace roles;  // NOLINT: the table reads better with bare role names

constexpr char kOrganizations[] = "organizations";

// Who may change the tree, the member records, and who may read them.
const std::set<std::string> kTreeEditors = {kKhoiAdmin, kKhoiOffice};
const std::set<std::string> kRecordEditors = {kKhoiAdmin, kKhoiOffice, kBaseSecretary};
const std::set<std::string> kMemberReaders = {kKhoiAdmin,     kKhoiOffice,    kInspectionCommission,
                                              kBaseSecretary, kCellSecretary, kReadOnly};
const std::set<std::string> kTreeReaders = {kKhoiAdmin,      kKhoiOffice,    kInspectionCommission,
                                            kBaseSecretary,  kCellSecretary, kReadOnly,
                                            kReportingReader};
const std::set<std::string> kServices = {kService};
// Inspection work (DOMAIN §6): done by the inspection commission, read by
// the Khối's office and base secretaries.
const std::set<std::string> kInspectors = {kKhoiAdmin, kInspectionCommission};
const std::set<std::string> kInspectionReaders = {kKhoiAdmin, kKhoiOffice, kInspectionCommission,
                                                  kBaseSecretary};
constexpr char kInspectionScope[] = "the organization acted on, checked by inspection";
constexpr char kInspectionNarrowed[] =
    "empty with a subject: inspection narrows the list to the caller's scope";

const std::vector<std::string> kMemberPersonalData = {"national_id", "background"};
constexpr char kMemberScope[] = "the member's cell, checked by membership";
const std::vector<std::string> kCandidatePersonalData = {"candidate.national_id",
                                                         "candidate.background"};
constexpr char kAdmissionScope[] = "the admission's cell, checked by membership";
constexpr char kNarrowedScope[] = "empty: membership narrows the list to the caller's scope";

// A request or response field, as the chain of fields leading to it.
using FieldPath = std::vector<const FieldDescriptor*>;

absl::StatusOr<FieldPath> Resolve(const Descriptor* message, const std::string& dotted) {
  FieldPath path;
  for (absl::string_view part : absl::StrSplit(dotted, '.')) {
    if (message == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(dotted, ": ", part, " is inside a scalar"));
    }
    const FieldDescriptor* field = message->FindFieldByName(std::string(part));
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(dotted, ": ", message->full_name(), " has no field ", part));
    }
    path.push_back(field);
    message = field->message_type();
  }
  return path;
}

// Every string at `path` in `m`, through repeated fields.
void CollectStrings(const Message& m, const FieldPath& path, size_t i,
                    std::vector<std::string>* out) {
  const FieldDescriptor* f = path[i];
  const auto* r = m.GetReflection();
  const bool last = i + 1 == path.size();
  if (f->is_repeated()) {
    for (int k = 0; k < r->FieldSize(m, f); ++k) {
      if (last) {
        out->push_back(r->GetRepeatedString(m, f, k));
      } else {
        CollectStrings(r->GetRepeatedMessage(m, f, k), path, i + 1, out);
      }
    }
  } else if (last) {
    out->push_back(r->GetString(m, f));
  } else if (r->HasField(m, f)) {
    CollectStrings(r->GetMessage(m, f), path, i + 1, out);
  }
}

// Clears the field at `path` in `m`, through repeated fields.
void ClearAt(Message* m, const FieldPath& path, size_t i) {
  const FieldDescriptor* f = path[i];
  const auto* r = m->GetReflection();
  if (i + 1 == path.size()) {
    r->ClearField(m, f);
  } else if (f->is_repeated()) {
    for (int k = 0; k < r->FieldSize(*m, f); ++k) {
      ClearAt(r->MutableRepeatedMessage(m, f, k), path, i + 1);
    }
  } else if (r->HasField(*m, f)) {
    ClearAt(r->MutableMessage(m, f), path, i + 1);
  }
}

// The date at `path` (singular fields), or today when unset.
absl::CivilDay DayAt(const Message& m, const FieldPath& path) {
  const Message* current = &m;
  for (const FieldDescriptor* f : path) {
    const auto* r = current->GetReflection();
    if (!r->HasField(*current, f)) return Today();
    current = &r->GetMessage(*current, f);
  }
  const auto* date = google::protobuf::DynamicCastToGenerated<google::type::Date>(current);
  auto day = date != nullptr ? ToCivilDay(*date) : std::nullopt;
  return day.value_or(Today());
}

bool Parse(const grpc::ByteBuffer& buffer, Message* message) {
  grpc::ByteBuffer copy(buffer);  // deserializing consumes the buffer; a copy shares its slices
  return grpc::SerializationTraits<Message>::Deserialize(&copy, message).ok();
}

MethodRule Read(std::string method, std::set<std::string> roles) {
  MethodRule rule;
  rule.method = std::move(method);
  rule.roles = std::move(roles);
  return rule;
}

MethodRule Mutation(std::string method, std::set<std::string> roles) {
  MethodRule rule = Read(std::move(method), std::move(roles));
  rule.mutates = true;
  return rule;
}

// Names the organizations acted on, read at the date `on`.
MethodRule Acting(MethodRule rule, std::vector<std::string> organizations, std::string on,
                  bool scoped_must_name) {
  rule.organizations = std::move(organizations);
  rule.on = std::move(on);
  rule.scoped_must_name = scoped_must_name;
  return rule;
}

MethodRule Noting(MethodRule rule, std::string scope_note) {
  rule.scope_note = std::move(scope_note);
  return rule;
}

MethodRule Personal(MethodRule rule, std::vector<std::string> fields) {
  rule.personal_data = std::move(fields);
  return rule;
}

std::string Code(const std::string& text) { return absl::StrCat("`", text, "`"); }

}  // namespace

const std::vector<std::string>& KnownRoles() {
  static const auto* kRoles =
      new std::vector<std::string>{kKhoiAdmin,     kKhoiOffice,    kInspectionCommission,
                                   kBaseSecretary, kCellSecretary, kReportingReader,
                                   kReadOnly,      kService};
  return *kRoles;
}

const std::vector<MethodRule>& MethodRules() {
  const std::string m = "partywork.membership.v1.MembershipService/";
  const std::string g = "partywork.gateway.v1.GatewayService/";
  const std::string i = "partywork.inspection.v1.InspectionService/";
  static const auto* kRules = new std::vector<MethodRule>{
      Acting(Mutation(m + "CreateOrganization", kTreeEditors), {"organization.parent"},
             "organization.established_on", true),
      Acting(Read(m + "GetOrganization", kTreeReaders), {"name"}, "as_of", true),
      // A scoped caller lists the children of an organization of its subtree.
      Acting(Read(m + "ListOrganizations", kTreeReaders), {"parent"}, "as_of", true),
      Acting(Mutation(m + "ReorganizeOrganizations", kTreeEditors),
             {"dissolve.organization", "dissolve.members_to", "merge.sources", "merge.existing",
              "merge.new_organization.parent", "upgrade.organization", "split.source",
              "split.results.parent", "move.organization", "move.new_parent"},
             "effective_on", true),
      Acting(Read(m + "SummarizeOrganizations", kTreeReaders), {"root"}, "as_of", true),
      Personal(Acting(Mutation(m + "CreateMember", kRecordEditors), {"first_event.organization"},
                      "first_event.effective_on", true),
               kMemberPersonalData),
      Personal(Noting(Read(m + "GetMember", kMemberReaders), kMemberScope), kMemberPersonalData),
      Personal(Noting(Acting(Read(m + "ListMembers", kMemberReaders), {"organization"}, "", false),
                      "empty: membership narrows the list to the caller's scope"),
               {"members.national_id", "members.background"}),
      Personal(Noting(Mutation(m + "UpdateMember", kRecordEditors), kMemberScope),
               kMemberPersonalData),
      Noting(Acting(Mutation(m + "RecordMemberEvent", kRecordEditors), {"event.organization"},
                    "event.effective_on", false),
             kMemberScope),
      Noting(Read(m + "ListMemberEvents", kMemberReaders), kMemberScope),
      Personal(Acting(Mutation(m + "CreateAdmission", kRecordEditors), {"admission.organization"},
                      "admission.source.identified_on", true),
               kCandidatePersonalData),
      Personal(Noting(Read(m + "GetAdmission", kMemberReaders), kAdmissionScope),
               kCandidatePersonalData),
      Noting(Acting(Read(m + "ListAdmissions", kMemberReaders), {"organization"}, "", false),
             kNarrowedScope),
      Personal(Noting(Mutation(m + "RecordAdmissionStep", kRecordEditors), kAdmissionScope),
               kCandidatePersonalData),
      Noting(Acting(Read(m + "ListOverdueAdmissions", kMemberReaders), {"organization"}, "as_of",
                    false),
             kNarrowedScope),
      Acting(Mutation(m + "CreatePartyClass", kRecordEditors), {"party_class.organization"},
             "party_class.starts_on", true),
      Noting(Read(m + "GetPartyClass", kMemberReaders),
             "the class's organization, checked by membership"),
      Noting(Acting(Read(m + "ListPartyClasses", kMemberReaders), {"organization"}, "", false),
             kNarrowedScope),
      Noting(Mutation(m + "CreateRating", kRecordEditors),
             "the member's cell or the organization rated, checked by membership"),
      Noting(Acting(Read(m + "ListRatings", kMemberReaders), {"organization"}, "", false),
             kNarrowedScope),
      Noting(
          Acting(Read(m + "ListRepeatedNotCompleted", kMemberReaders), {"organization"}, "", false),
          kNarrowedScope),
      Acting(Mutation(m + "CreateAdmissionTarget", kRecordEditors), {"target.organization"},
             "target.period_start", true),
      Noting(Mutation(m + "UpdateAdmissionTarget", kRecordEditors),
             "the target's organization, checked by membership"),
      Noting(Acting(Read(m + "ListAdmissionTargets", kMemberReaders), {"organization"},
                    "in_force_on", false),
             kNarrowedScope),
      Noting(Mutation(m + "CreatePartyCardIssue", kRecordEditors), kMemberScope),
      Noting(Acting(Read(m + "ListPartyCardIssues", kMemberReaders), {"organization"}, "", false),
             kNarrowedScope),
      Noting(Acting(Read(m + "ListBadgeCandidates", kMemberReaders), {"organization"}, "", false),
             kNarrowedScope),
      Acting(Mutation(m + "CreateCommitteeMember", kRecordEditors),
             {"committee_member.organization"}, "committee_member.from_on", true),
      Noting(Mutation(m + "UpdateCommitteeMember", kRecordEditors),
             "the seat's organization, checked by membership"),
      Acting(Read(m + "ListCommitteeMembers", kMemberReaders), {"organization"}, "as_of", true),
      Noting(Read(m + "ListMemberRatings", kMemberReaders), kMemberScope),
      Noting(Mutation(m + "CreateMemberAward", kRecordEditors), kMemberScope),
      Noting(Read(m + "ListMemberAwards", kMemberReaders), kMemberScope),
      // Counts by grade only: the readers of the statistics.
      Noting(Acting(Read(m + "SummarizeRatings", kTreeReaders), {"organization"}, "as_of", false),
             kNarrowedScope),
      // The rulebook and the calendar are public regulations: every reader.
      Read(m + "ListRules", kTreeReaders),
      Read(m + "GetRuleHistory", kTreeReaders),
      Read(m + "ListHolidays", kTreeReaders),
      Read("partywork.reporting.v1.ReportingService/GetFeedPositions", kTreeReaders),
      Acting(Read("partywork.reporting.v1.ReportingService/GetMembershipReport", kTreeReaders),
             {"root"}, "as_of", true),
      Acting(Read("partywork.reporting.v1.ReportingService/GetStructureReport", kTreeReaders),
             {"root"}, "as_of", true),
      Acting(Read("partywork.reporting.v1.ReportingService/GetStatisticsForm", kTreeReaders),
             {"root"}, "period_end", true),
      Acting(Read("partywork.reporting.v1.ReportingService/ExportReport", kTreeReaders),
             {"membership.root", "structure.root", "form.root", "narrative.root", "inspection.root",
              "admission.root", "rating.root", "committee.root"},
             "", true),
      // Counts only, by kind, form and state: the readers of the other reports.
      Acting(Read("partywork.reporting.v1.ReportingService/GetInspectionReport", kTreeReaders),
             {"root"}, "period_end", true),
      Acting(Read("partywork.reporting.v1.ReportingService/GetAdmissionReport", kTreeReaders),
             {"root"}, "period_end", true),
      // A year's ratings: the tree is placed today (the request has no date).
      Acting(Read("partywork.reporting.v1.ReportingService/GetRatingReport", kTreeReaders),
             {"root"}, "", true),
      Acting(Read("partywork.reporting.v1.ReportingService/GetCommitteeReport", kTreeReaders),
             {"root"}, "as_of", true),
      // Inspection: the inspection commission owns the work; the Khối's
      // office and the base secretaries read it. Inspection checks the
      // caller's scope again on the organization it concerns.
      Acting(Mutation(i + "CreateProgram", kInspectors), {"program.actor.organization"},
             "program.adopted_on", true),
      Noting(Read(i + "GetProgram", kInspectionReaders), kInspectionScope),
      Noting(Read(i + "GetProgramProgress", kInspectionReaders), kInspectionScope),
      Acting(Mutation(i + "CreateInspection", kInspectors), {"inspection.actor.organization"},
             "inspection.planned_on", true),
      Noting(Read(i + "GetInspection", kInspectionReaders), kInspectionScope),
      Noting(Acting(Read(i + "ListInspections", kInspectionReaders), {"organization"}, "", false),
             kInspectionNarrowed),
      Noting(Mutation(i + "RecordInspectionStep", kInspectors), kInspectionScope),
      Acting(Read(i + "GetCoverage", kInspectionReaders), {"organization"}, "", true),
      Acting(Mutation(i + "CreatePetition", kInspectors), {"petition.organization"},
             "petition.received_on", true),
      Noting(Read(i + "GetPetition", kInspectionReaders), kInspectionScope),
      Noting(Acting(Read(i + "ListPetitions", kInspectionReaders), {"organization"}, "", false),
             kInspectionNarrowed),
      Noting(Mutation(i + "RecordPetitionStep", kInspectors), kInspectionScope),
      Noting(Mutation(i + "CreateDisciplineCase", kInspectors), kInspectionScope),
      Noting(Read(i + "GetDisciplineCase", kInspectionReaders), kInspectionScope),
      Noting(Mutation(i + "RecordDisciplineStep", kInspectors), kInspectionScope),
      Acting(Read(i + "ListPrograms", kInspectionReaders), {"organization"}, "", true),
      Noting(
          Acting(Read(i + "ListDisciplineCases", kInspectionReaders), {"organization"}, "", false),
          kInspectionNarrowed),
      // Feeds are for partywork's servers, never for people.
      Read("partywork.common.v1.EventFeedService/StreamEvents", kServices),
      // The gateway's aggregated calls; each call they make is checked
      // again against its own row, as if the caller had made it.
      Personal(Noting(Read(g + "GetMemberDossier", kMemberReaders), kMemberScope),
               {"member.national_id", "member.background"}),
      Acting(Read(g + "GetOrganizationOverview", kTreeReaders), {"name"}, "as_of", true),
      Acting(Read(g + "GetDashboard", kTreeReaders), {"name"}, "as_of", true),
  };
  return *kRules;
}

std::string AuthorizationTableMarkdown() {
  std::string header = "| Method | Kind |", rule_line = "|---|---|";
  for (const auto& role : KnownRoles()) {
    absl::StrAppend(&header, " ", Code(role), " |");
    absl::StrAppend(&rule_line, ":-:|");
  }
  std::string out = absl::StrCat(header, " Organizations acted on (scope) | Personal data |\n",
                                 rule_line, "---|---|\n");
  for (const MethodRule& rule : MethodRules()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
        absl::StrReplaceAll(rule.method, {{"/", "."}}));
    const bool streaming = method != nullptr && method->server_streaming();
    absl::StrAppend(&out, "| ", Code(rule.method), " | ",
                    rule.mutates ? "mutation"
                    : streaming  ? "read (stream)"
                                 : "read (retried)",
                    " |");
    for (const auto& role : KnownRoles()) {
      absl::StrAppend(&out, rule.roles.count(role) ? " ✓ |" : " |");
    }
    std::vector<std::string> scope;
    if (!rule.organizations.empty()) {
      std::vector<std::string> fields;
      for (const auto& f : rule.organizations) fields.push_back(Code(f));
      scope.push_back(absl::StrCat(absl::StrJoin(fields, ", "), " on ",
                                   rule.on.empty() ? "today" : Code(rule.on)));
      if (rule.scoped_must_name) scope.push_back("required of scoped callers");
    }
    if (!rule.scope_note.empty()) scope.push_back(rule.scope_note);
    std::vector<std::string> personal;
    for (const auto& f : rule.personal_data) personal.push_back(Code(f));
    absl::StrAppend(&out, " ", scope.empty() ? "—" : absl::StrJoin(scope, "; "), " | ",
                    personal.empty() ? "—" : absl::StrJoin(personal, ", "), " |\n");
  }
  return out;
}

struct Authorizer::Compiled {
  MethodRule rule;
  const Message* request_prototype = nullptr;
  const Message* response_prototype = nullptr;
  bool streaming = false;
  std::vector<FieldPath> organizations;
  FieldPath on;  // empty: today
  std::vector<FieldPath> personal_data;
};

Authorizer::Authorizer(const OrganizationTree* tree) : tree_(tree) {}
Authorizer::~Authorizer() = default;

absl::StatusOr<std::unique_ptr<Authorizer>> Authorizer::Create(const std::vector<MethodRule>& rules,
                                                               const OrganizationTree* tree) {
  auto authorizer = std::unique_ptr<Authorizer>(new Authorizer(tree));
  auto* pool = google::protobuf::DescriptorPool::generated_pool();
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (const MethodRule& rule : rules) {
    const auto* method = pool->FindMethodByName(absl::StrReplaceAll(rule.method, {{"/", "."}}));
    if (method == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("no method ", rule.method));
    }
    auto c = std::make_unique<Compiled>();
    c->rule = rule;
    c->request_prototype = factory->GetPrototype(method->input_type());
    c->response_prototype = factory->GetPrototype(method->output_type());
    c->streaming = method->server_streaming();
    for (const auto& dotted : rule.organizations) {
      auto path = Resolve(method->input_type(), dotted);
      if (!path.ok()) return path.status();
      if (path->back()->type() != FieldDescriptor::TYPE_STRING) {
        return absl::InvalidArgumentError(absl::StrCat(rule.method, ": ", dotted, " is no name"));
      }
      c->organizations.push_back(*std::move(path));
    }
    if (!rule.on.empty()) {
      auto path = Resolve(method->input_type(), rule.on);
      if (!path.ok()) return path.status();
      for (const auto* f : *path) {
        if (f->is_repeated()) return absl::InvalidArgumentError(rule.on + " is repeated");
      }
      if (path->back()->message_type() != google::type::Date::descriptor()) {
        return absl::InvalidArgumentError(absl::StrCat(rule.method, ": ", rule.on, " is no date"));
      }
      c->on = *std::move(path);
    }
    for (const auto& dotted : rule.personal_data) {
      auto path = Resolve(method->output_type(), dotted);
      if (!path.ok()) return path.status();
      c->personal_data.push_back(*std::move(path));
    }
    authorizer->by_path_[absl::StrCat("/", rule.method)] = c.get();
    authorizer->compiled_.push_back(std::move(c));
  }
  return authorizer;
}

Decision Authorizer::Decide(const Caller& caller, const std::string& path,
                            const grpc::ByteBuffer& request) const {
  Decision decision;
  auto found = by_path_.find(path);
  auto method = [&path] { return path.empty() ? path : path.substr(1); };  // errors only
  if (found == by_path_.end()) {
    decision.status =
        errors::PermissionDenied(
            "METHOD_NOT_LISTED",
            absl::StrCat(method(),
                         " is not in the gateway's authorization table: nobody may call it"))
            .Meta("method", method())
            .Vietnamese("Chức năng này chưa được cấp quyền cho bất kỳ ai.");
    return decision;
  }
  const Compiled& c = *found->second;
  if (!c.rule.roles.count(caller.role)) {
    std::vector<std::string> allowed(c.rule.roles.begin(), c.rule.roles.end());
    decision.status = errors::PermissionDenied(
                          "ROLE_NOT_ALLOWED",
                          absl::StrCat("the role \"", caller.role, "\" may not call ", method(),
                                       " (allowed: ", absl::StrJoin(allowed, ", "), ")"))
                          .Meta("method", method())
                          .Meta("role", caller.role)
                          .Vietnamese("Vai trò của bạn không được phép dùng chức năng này.");
    return decision;
  }
  if (!caller.organization_scope.empty() && !c.organizations.empty()) {
    decision.status = CheckScope(caller, c, request);
    if (!decision.status.ok()) return decision;
  }
  decision.retryable = !c.rule.mutates && !c.streaming;
  decision.redact = !c.personal_data.empty() && !roles::MaySeePersonalData(caller.role);
  return decision;
}

grpc::Status Authorizer::CheckScope(const Caller& caller, const Compiled& c,
                                    const grpc::ByteBuffer& request) const {
  const std::string& scope = caller.organization_scope;
  auto out_of_scope = [&](const std::string& field, const std::string& organization,
                          const std::string& why) {
    return errors::PermissionDenied("OUT_OF_SCOPE", why)
        .Meta("scope", scope)
        .Meta("field", field)
        .Meta("organization", organization)
        .Vietnamese("Tổ chức đảng này nằm ngoài phạm vi được giao cho bạn.")
        .Build();
  };
  auto root = ResourceId(scope, kOrganizations);
  if (!root) {
    return out_of_scope(
        "", "",
        absl::StrCat("the token's org_scope \"", scope, "\" is not an organization's name"));
  }
  std::unique_ptr<Message> message(c.request_prototype->New());
  if (!Parse(request, message.get())) {
    return errors::InvalidArgument(
        {{"", "the request is not a valid " + c.request_prototype->GetDescriptor()->full_name()}});
  }
  const absl::CivilDay day = c.on.empty() ? Today() : DayAt(*message, c.on);
  bool named = false;
  for (size_t i = 0; i < c.organizations.size(); ++i) {
    const std::string& field = c.rule.organizations[i];
    std::vector<std::string> names;
    CollectStrings(*message, c.organizations[i], 0, &names);
    for (const auto& name : names) {
      if (name.empty()) continue;
      named = true;
      auto id = ResourceId(name, kOrganizations);
      if (!id) {
        return out_of_scope(field, name,
                            absl::StrCat(field, " \"", name, "\" is not an organization's name"));
      }
      switch (tree_->Locate(*id, *root, day)) {
        case OrganizationTree::Placement::kWithin:
          break;
        case OrganizationTree::Placement::kOutside:
          return out_of_scope(field, name,
                              absl::StrCat(name, " (", field, ") is outside the caller's scope ",
                                           scope, " on ", FormatDay(day)));
        case OrganizationTree::Placement::kUnknown:
          return out_of_scope(
              field, name,
              absl::StrCat(name, " (", field, ") is not known to the gateway yet, so it cannot be ",
                           "placed in the caller's scope ", scope, "; try again shortly"));
      }
    }
  }
  if (!named && c.rule.scoped_must_name) {
    return out_of_scope(
        absl::StrJoin(c.rule.organizations, ","), "",
        absl::StrCat("a caller scoped to ", scope, " must name an organization ", "within it (",
                     absl::StrJoin(c.rule.organizations, ", "), ")"));
  }
  return grpc::Status::OK;
}

bool Authorizer::Redact(const std::string& path, grpc::ByteBuffer* response) const {
  auto found = by_path_.find(path);
  if (found == by_path_.end()) return true;
  const Compiled& c = *found->second;
  std::unique_ptr<Message> message(c.response_prototype->New());
  if (!grpc::SerializationTraits<Message>::Deserialize(response, message.get()).ok()) {
    return false;
  }
  for (const auto& field : c.personal_data) ClearAt(message.get(), field, 0);
  bool own_buffer;
  return grpc::SerializationTraits<Message>::Serialize(*message, response, &own_buffer).ok();
}

}  // namespace partywork::gateway
