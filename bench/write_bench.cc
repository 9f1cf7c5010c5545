#include "bench/write_bench.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/platform/identity.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "tests/harness/local.h"
#include "tests/harness/postgres.h"

namespace partywork::bench {
namespace {

using ::partywork::testing::Postgres;
namespace mv1 = ::partywork::membership::v1;

using Day = absl::CivilDay;

constexpr char kRecordEvent[] = "/partywork.membership.v1.MembershipService/RecordMemberEvent";
constexpr char kCreateAdmission[] = "/partywork.membership.v1.MembershipService/CreateAdmission";
constexpr char kRecordStep[] = "/partywork.membership.v1.MembershipService/RecordAdmissionStep";

// The admission files' days (those of the admissions' end-to-end test): a
// class held 2–6/10/2023, the steps after it a few weeks apart.
constexpr Day kIdentifiedOn(2023, 9, 1);
constexpr Day kClassStarts(2023, 10, 2), kClassEnds(2023, 10, 6);
constexpr Day kAppliedOn(2023, 11, 1), kVerifiedOn(2023, 12, 15);
constexpr Day kWorkedTogetherSince(2020, 1, 1);

// The cells (chi bộ) of today's tree, in id order: organizations of kind
// ORGANIZATION_KIND_BASE_CELL (3) or ORGANIZATION_KIND_SUBORDINATE_CELL (5).
std::shared_ptr<std::vector<int64_t>> Cells(pqxx::transaction_base& tx) {
  auto cells = std::make_shared<std::vector<int64_t>>();
  for (const auto& r : tx.exec("SELECT organization_id FROM membership.organization_versions "
                               "WHERE valid_to IS NULL AND kind IN (3, 5) ORDER BY 1")) {
    cells->push_back(r[0].as<int64_t>());
  }
  return cells;
}

// The candidates of `run` (their files' full names start with it).
std::string CandidatePrefix(const std::string& run) { return absl::StrCat("Ứng viên ", run, " "); }

}  // namespace

Target Transfers(const std::shared_ptr<grpc::Channel>& membership, const std::string& identity,
                 const std::string& run) {
  pqxx::connection conn(Postgres::Get().Url("membership"));
  pqxx::read_transaction tx(conn);
  auto members = std::make_shared<std::vector<std::pair<int64_t, int64_t>>>();
  for (const auto& r : tx.exec("SELECT id, organization_id FROM membership.members "
                               "WHERE status IN (1, 2) AND NOT temporarily_away ORDER BY id")) {
    members->push_back({r[0].as<int64_t>(), r[1].as<int64_t>()});
  }
  auto cells = Cells(tx);
  Target t;
  t.channel = membership;
  t.method = kRecordEvent;
  t.metadata = {{kIdentityHeader, identity}};
  const google::type::Date today = ToDate(Today());
  t.request = [members, cells, today, run](int64_t i) {
    const auto& [member, cell] = (*members)[i % members->size()];
    int64_t to = (*cells)[(static_cast<size_t>(member) + 1 + i) % cells->size()];
    if (to == cell) to = (*cells)[(static_cast<size_t>(member) + 2 + i) % cells->size()];
    mv1::RecordMemberEventRequest request;
    request.set_parent(ResourceName("members", member));
    request.set_request_id(absl::StrCat("bench-", run, "-", i));
    mv1::MemberEvent& e = *request.mutable_event();
    e.set_kind(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN);
    *e.mutable_effective_on() = today;
    e.set_organization(ResourceName("organizations", to));
    e.set_decision("Quyết định số 1-QĐ/ĐU");
    return request.SerializeAsString();
  };
  return t;
}

double PgbenchInserts(int clients, double seconds) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS public.bench_inserts; CREATE TABLE public.bench_inserts "
      "(id bigserial PRIMARY KEY, member_id bigint NOT NULL, note text NOT NULL, "
      "recorded_at timestamptz NOT NULL DEFAULT now())");
  char script[] = "/tmp/partywork-pgbench-XXXXXX";
  const int fd = mkstemp(script);
  const std::string sql =
      "\\set m random(1, 1000000)\n"
      "INSERT INTO public.bench_inserts (member_id, note) VALUES (:m, 'transfer');\n";
  if (fd < 0) return 0;
  const bool written = write(fd, sql.data(), sql.size()) == static_cast<ssize_t>(sql.size());
  close(fd);
  if (!written) {
    unlink(script);
    return 0;
  }
  std::string out;
  ::partywork::testing::RunCommand(
      absl::StrFormat("/usr/lib/postgresql/15/bin/pgbench -n -M prepared -h 127.0.0.1 -p %d -U "
                      "postgres -c %d -j 2 -T %d -f %s partywork 2>&1",
                      Postgres::Get().port(), clients, std::max(1, static_cast<int>(seconds + 0.5)),
                      script),
      &out);
  unlink(script);
  const size_t at = out.find("tps = ");
  double tps = 0;
  if (at == std::string::npos ||
      !absl::SimpleAtod(out.substr(at + 6, out.find(' ', at + 6) - at - 6), &tps)) {
    std::fprintf(stderr, "pgbench failed:\n%s\n", out.c_str());
  }
  return tps;
}

std::optional<AdmissionWrites> AdmissionWrites::Prepare(std::shared_ptr<grpc::Channel> membership,
                                                        std::string identity) {
  AdmissionWrites w;
  w.membership_ = std::move(membership);
  w.identity_ = std::move(identity);
  auto stub = mv1::MembershipService::NewStub(w.membership_);
  std::vector<int64_t> candidates;
  {
    pqxx::connection conn(Postgres::Get().Url("membership"));
    pqxx::read_transaction tx(conn);
    w.cells_ = Cells(tx);
    // Official long before the applications; their standing on the day is
    // asked of membership below.
    for (const auto& r : tx.exec("SELECT id FROM membership.members WHERE status = 2 "
                                 "AND official_on < '2022-01-01' ORDER BY id LIMIT 100")) {
      candidates.push_back(r[0].as<int64_t>());
    }
  }
  if (w.cells_->empty()) {
    std::fprintf(stderr, "admissions: the dataset has no cell\n");
    return std::nullopt;
  }
  // A call's context, carrying the identity signed for membership.
  auto context = [&] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata(kIdentityHeader, w.identity_);
    return c;
  };
  int found = 0;
  for (int64_t id : candidates) {
    if (found == 2) break;
    mv1::GetMemberRequest request;
    request.set_name(ResourceName("members", id));
    *request.mutable_as_of() = ToDate(kAppliedOn);
    mv1::Member member;
    if (stub->GetMember(context().get(), request, &member).ok() &&
        member.state().status() == mv1::MEMBER_STATUS_OFFICIAL) {
      w.sponsors_.push_back(member.name());
      ++found;
    }
  }
  if (found < 2) {
    std::fprintf(stderr, "admissions: no two members official on %s to sponsor\n",
                 FormatDay(kAppliedOn).c_str());
    return std::nullopt;
  }
  mv1::CreatePartyClassRequest request;
  mv1::PartyClass& c = *request.mutable_party_class();
  c.set_display_name("Lớp bồi dưỡng nhận thức về Đảng khóa 2/2023");
  c.set_organization(ResourceName("organizations", w.cells_->front()));
  *c.mutable_starts_on() = ToDate(kClassStarts);
  *c.mutable_ends_on() = ToDate(kClassEnds);
  mv1::PartyClass created;
  if (grpc::Status s = stub->CreatePartyClass(context().get(), request, &created); !s.ok()) {
    std::fprintf(stderr, "admissions: the party class: %s\n", s.error_message().c_str());
    return std::nullopt;
  }
  w.party_class_ = created.name();
  return w;
}

Target AdmissionWrites::Open(const std::string& run) const {
  Target t;
  t.channel = membership_;
  t.method = kCreateAdmission;
  t.metadata = {{kIdentityHeader, identity_}};
  t.request = [cells = cells_, prefix = CandidatePrefix(run), run](int64_t i) {
    mv1::CreateAdmissionRequest request;
    request.set_request_id(absl::StrCat("bench-admission-", run, "-", i));
    mv1::Admission& a = *request.mutable_admission();
    mv1::Member& candidate = *a.mutable_candidate();
    candidate.set_full_name(absl::StrCat(prefix, i));
    candidate.set_gender(i % 2 == 0 ? mv1::GENDER_FEMALE : mv1::GENDER_MALE);
    *candidate.mutable_birth_date() = ToDate(Day(1995, 1 + i % 12, 1 + i % 28));
    candidate.set_ethnicity("Kinh");
    candidate.set_general_education(mv1::GENERAL_EDUCATION_UPPER_SECONDARY);
    candidate.set_qualification(mv1::QUALIFICATION_UNIVERSITY);
    a.set_organization(ResourceName("organizations", (*cells)[i % cells->size()]));
    *a.mutable_source()->mutable_identified_on() = ToDate(kIdentifiedOn);
    a.mutable_source()->set_responsible("Bí thư chi bộ");
    return request.SerializeAsString();
  };
  return t;
}

Target AdmissionWrites::Steps(const std::string& run) const {
  auto files = std::make_shared<std::vector<int64_t>>();
  {
    pqxx::connection conn(Postgres::Get().Url("membership"));
    pqxx::read_transaction tx(conn);
    for (const auto& r : tx.exec_params("SELECT id FROM membership.admissions "
                                        "WHERE starts_with(full_name, $1) ORDER BY id",
                                        CandidatePrefix(run))) {
      files->push_back(r[0].as<int64_t>());
    }
  }
  Target t;
  t.channel = membership_;
  t.method = kRecordStep;
  t.metadata = {{kIdentityHeader, identity_}};
  t.request = [files, run, party_class = party_class_, sponsors = sponsors_](int64_t i) {
    // The files in blocks of 256 (the last one 256–511, or every file when
    // fewer): the block's certificates, then its applications, then its
    // verifications, so that a step follows its file's previous step by a
    // block's calls, far more than are in flight, and each kind is measured
    // alike.
    const auto opened = static_cast<int64_t>(files->size());
    const int64_t full_blocks = std::max<int64_t>(0, opened / 256 - 1);  // before the last
    int64_t start = 0, size = 0, call = 0;  // the call's block, and the call within it
    if (i < full_blocks * 3 * 256) {
      start = i / (3 * 256) * 256;
      size = 256;
      call = i % (3 * 256);
    } else {
      start = full_blocks * 256;
      size = opened - start;
      call = i - full_blocks * 3 * 256;
    }
    const int64_t pass = size > 0 ? call / size : 0;
    // With no file left (or none opened) the call is refused, counted as an error.
    const int64_t file =
        size > 0 && pass < 3 ? (*files)[static_cast<size_t>(start + call % size)] : 0;
    mv1::RecordAdmissionStepRequest request;
    request.set_name(ResourceName("admissions", file));
    request.set_request_id(absl::StrCat("bench-step-", run, "-", i));
    switch (pass) {
      case 0: {  // the class certificate
        mv1::ClassCompletion& c = *request.mutable_class_completion();
        c.set_party_class(party_class);
        c.set_certificate_number(absl::StrCat("GCN-", file));
        *c.mutable_certified_on() = ToDate(kClassEnds);
        c.set_responsible("Ban Tuyên giáo");
        break;
      }
      case 1: {  // the application and its sponsors
        mv1::Application& a = *request.mutable_application();
        *a.mutable_applied_on() = ToDate(kAppliedOn);
        for (const std::string& sponsor : sponsors) {
          mv1::Sponsor& s = *a.add_sponsors();
          s.set_member(sponsor);
          *s.mutable_worked_together_since() = ToDate(kWorkedTogetherSince);
        }
        a.set_responsible("Bí thư chi bộ");
        break;
      }
      default: {  // the verification
        mv1::Verification& v = *request.mutable_verification();
        *v.mutable_concluded_on() = ToDate(kVerifiedOn);
        v.set_conclusion("Đủ tiêu chuẩn chính trị");
        v.set_responsible("Đảng ủy cơ sở");
        break;
      }
    }
    return request.SerializeAsString();
  };
  return t;
}

}  // namespace partywork::bench
