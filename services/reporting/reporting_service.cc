#include "services/reporting/reporting_service.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/period_forms.h"
#include "services/reporting/report_store.h"
#include "services/reporting/reports.h"
#include "services/reporting/row_stream.h"
#include "services/reporting/vietnamese.h"

namespace partywork::reporting {
namespace {

// One snapshot for the report and the positions it states.
using Snapshot = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only>;

absl::Duration WaitOf(const v1::Freshness& f) {
  return absl::Seconds(f.max_wait().seconds()) + absl::Nanoseconds(f.max_wait().nanos());
}

// UNAVAILABLE unless the snapshot reflects every position asked.
grpc::Status CheckCaughtUp(pqxx::transaction_base& tx, const v1::Freshness& f) {
  if (f.min_positions().empty()) return grpc::Status::OK;  // nothing asked: no read
  const std::vector<v1::FeedPosition> applied = Positions(tx);
  for (const auto& wanted : f.min_positions()) {
    int64_t have = 0;
    for (const auto& p : applied) {
      if (p.feed() == wanted.feed()) have = p.applied_sequence();
    }
    if (have < wanted.applied_sequence()) {
      return errors::Error(grpc::StatusCode::UNAVAILABLE, "NOT_CAUGHT_UP",
                           absl::StrCat("reporting has applied the ", wanted.feed(), " feed up to ",
                                        have, ", not yet ", wanted.applied_sequence()))
          .Vietnamese("Số liệu báo cáo chưa cập nhật đến thay đổi vừa ghi; vui lòng thử lại.")
          .Meta("feed", wanted.feed())
          .Meta("applied_sequence", absl::StrCat(have))
          .RetryAfter(absl::Milliseconds(500));
    }
  }
  return grpc::Status::OK;
}

// As ServeOnDatabase, after waiting (bounded, on no gRPC thread nor database
// worker) for the freshness asked; `build` is
// `grpc::Status(pqxx::transaction_base&, const CallContext&)`, run in one
// read-only snapshot once the request is valid (`violations` empty).
template <class Build>
grpc::ServerUnaryReactor* ServeReport(grpc::CallbackServerContext* context, db::Database& db,
                                      FreshnessWaiter& waiter, const v1::Freshness& freshness,
                                      std::vector<FieldViolation> violations, Build build) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::shared_ptr<const CallContext> call = CallOf(context);
  grpc::Status status = RequireCaller(*call);
  if (status.ok() && !violations.empty()) status = errors::InvalidArgument(violations);
  if (!status.ok()) {
    reactor->Finish(status);
    return reactor;
  }
  const absl::Time until = std::min(call->deadline, absl::Now() + WaitOf(freshness));
  std::vector<v1::FeedPosition> wanted(freshness.min_positions().begin(),
                                       freshness.min_positions().end());
  waiter.Wait(wanted, until, [&db, call, reactor, freshness, build = std::move(build)]() mutable {
    db.Submit(
        [call, freshness, build = std::move(build)](pqxx::connection& conn) mutable {
          Snapshot tx(conn);
          tx.exec0(kReportTransactionSettings);
          if (auto s = CheckCaughtUp(tx, freshness); !s.ok()) return s;
          return build(tx, *call);
        },
        [reactor](grpc::Status s) { reactor->Finish(std::move(s)); }, call->deadline);
  });
  return reactor;
}

std::string FileDay(const google::type::Date& date) {
  auto day = ToCivilDay(date);
  return day ? FormatDay(*day) : FormatDay(Today());
}

}  // namespace

grpc::ServerUnaryReactor* ReportingService::GetFeedPositions(
    grpc::CallbackServerContext* context, const v1::GetFeedPositionsRequest*,
    v1::GetFeedPositionsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    for (auto& p : Positions(tx)) *response->add_positions() = std::move(p);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportingService::GetMembershipReport(
    grpc::CallbackServerContext* context, const v1::GetMembershipReportRequest* request,
    v1::MembershipReport* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateMembership(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildMembership(tx, call, *request, response);
                     });
}

grpc::ServerUnaryReactor* ReportingService::GetStructureReport(
    grpc::CallbackServerContext* context, const v1::GetStructureReportRequest* request,
    v1::StructureReport* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateStructure(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildStructure(tx, call, *request, response);
                     });
}

grpc::ServerUnaryReactor* ReportingService::GetStatisticsForm(
    grpc::CallbackServerContext* context, const v1::GetStatisticsFormRequest* request,
    v1::StatisticsForm* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateForm(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildForm(tx, call, *request, response);
                     });
}

grpc::ServerUnaryReactor* ReportingService::GetInspectionReport(
    grpc::CallbackServerContext* context, const v1::GetInspectionReportRequest* request,
    v1::InspectionReport* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateInspection(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildInspection(tx, call, *request, response);
                     });
}

grpc::ServerUnaryReactor* ReportingService::GetAdmissionReport(
    grpc::CallbackServerContext* context, const v1::GetAdmissionReportRequest* request,
    v1::AdmissionReport* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateAdmission(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildAdmission(tx, call, *request, response);
                     });
}

grpc::ServerUnaryReactor* ReportingService::GetRatingReport(
    grpc::CallbackServerContext* context, const v1::GetRatingReportRequest* request,
    v1::RatingReport* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateRating(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildRating(tx, call, *request, response);
                     });
}

grpc::ServerUnaryReactor* ReportingService::GetCommitteeReport(
    grpc::CallbackServerContext* context, const v1::GetCommitteeReportRequest* request,
    v1::CommitteeReport* response) {
  return ServeReport(context, db_, waiter_, request->freshness(), ValidateCommittee(*request, ""),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return BuildCommittee(tx, call, *request, response);
                     });
}

namespace {

constexpr char kXlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The form as the file asked for.
grpc::Status Render(const v1::StatisticsForm& form, v1::ExportFormat format,
                    const std::string& stem, const std::optional<Chart>& chart,
                    v1::ExportReportResponse* out) {
  if (format == v1::EXPORT_FORMAT_CSV) {
    out->set_filename(stem + ".csv");
    out->set_content_type("text/csv; charset=utf-8");
    out->set_content(ToCsv(form));
    return grpc::Status::OK;
  }
  auto xlsx = ToXlsx(form, chart);
  if (!xlsx.ok()) return errors::Internal(std::string(xlsx.status().message()));
  out->set_filename(stem + ".xlsx");
  out->set_content_type(kXlsx);
  out->set_content(*std::move(xlsx));
  return grpc::Status::OK;
}

// Drops every column after the first `count`.
void KeepColumns(v1::StatisticsForm& form, int count) {
  while (form.columns_size() > count) form.mutable_columns()->RemoveLast();
  for (auto& row : *form.mutable_rows()) {
    while (row.values_size() > count) row.mutable_values()->RemoveLast();
  }
}

const Chart kQualificationChart{"Cơ cấu đảng viên theo trình độ chuyên môn", "10"};

grpc::Status Export(pqxx::transaction_base& tx, const CallContext& call,
                    const v1::ExportReportRequest& r, v1::ExportReportResponse* out) {
  const v1::ExportFormat format = r.format();
  if (r.has_membership()) {
    v1::MembershipReport report;
    MembershipCounts counts;
    if (auto s = BuildMembership(tx, call, r.membership(), &report, &counts); !s.ok()) return s;
    const absl::CivilDay day = *ToCivilDay(report.figures().as_of());
    const std::string other =
        report.has_compared() ? FormatDate(*ToCivilDay(report.compared().as_of())) : "";
    v1::StatisticsForm form =
        MembershipForm(counts.now, counts.compared, "Ngày " + FormatDate(day),
                       other.empty() ? "" : "Ngày " + other, /*by_type=*/true);
    if (other.empty()) KeepColumns(form, 1);  // nothing to compare with
    form.set_title("Báo cáo số lượng, chất lượng đảng viên");
    form.set_root(report.root());
    form.set_root_display_name(report.root_display_name());
    *form.mutable_period_end() = report.figures().as_of();
    *out->mutable_reflects() = report.reflects();
    return Render(form, format, "bao-cao-dang-vien-" + FormatDay(day), kQualificationChart, out);
  }
  if (r.has_structure()) {
    v1::StructureReport report;
    std::vector<OrganizationCount> organizations;
    if (auto s = BuildStructure(tx, call, r.structure(), &report, &organizations); !s.ok()) {
      return s;
    }
    const absl::CivilDay day = *ToCivilDay(report.as_of());
    const int64_t root = *ResourceId(report.root(), "organizations");
    v1::StatisticsForm form =
        OrganizationsByTypeForm(organizations, CountMembers(tx, root, day), Composition{});
    KeepColumns(form, 5);  // no year before to compare with
    if (report.reorganizations_size() > 0) {
      auto* heading = form.add_rows();
      heading->set_label("Sắp xếp, kiện toàn tổ chức đảng trong kỳ");
      heading->set_heading(true);
      for (const auto& e : report.reorganizations()) {
        auto* row = form.add_rows();
        row->set_code(FormatDate(*ToCivilDay(e.effective_on())));
        row->set_label(absl::StrCat(Capitalized(Describe(e)), ": ", e.decision()));
      }
    }
    form.set_title("Báo cáo tổ chức đảng theo loại hình");
    form.set_root(report.root());
    form.set_root_display_name(report.root_display_name());
    *form.mutable_period_end() = report.as_of();
    *out->mutable_reflects() = report.reflects();
    return Render(form, format, "bao-cao-to-chuc-" + FormatDay(day), std::nullopt, out);
  }
  if (r.has_form()) {
    v1::StatisticsForm form;
    if (auto s = BuildForm(tx, call, r.form(), &form); !s.ok()) return s;
    *out->mutable_reflects() = form.reflects();
    std::optional<Chart> chart;
    if (form.form() == v1::STATISTICS_FORM_KIND_MEMBERSHIP) chart = kQualificationChart;
    return Render(
        form, format,
        absl::StrCat("bieu-", static_cast<int>(form.form()), "-", FileDay(form.period_end())),
        chart, out);
  }
  if (r.has_inspection()) {
    v1::InspectionReport report;
    if (auto s = BuildInspection(tx, call, r.inspection(), &report); !s.ok()) return s;
    *out->mutable_reflects() = report.reflects();
    return Render(InspectionForm(report), format,
                  "bao-cao-kiem-tra-" + FileDay(r.inspection().period_end()), std::nullopt, out);
  }
  if (r.has_admission()) {
    v1::AdmissionReport report;
    if (auto s = BuildAdmission(tx, call, r.admission(), &report); !s.ok()) return s;
    *out->mutable_reflects() = report.reflects();
    // Where people would rather look: admitted against the resolution's target.
    const Chart chart{"Kết nạp đảng viên so với chỉ tiêu Nghị quyết", "", /*series=*/2};
    return Render(AdmissionForm(report), format,
                  "bao-cao-ket-nap-" + FileDay(r.admission().period_end()), chart, out);
  }
  if (r.has_rating()) {
    v1::RatingReport report;
    if (auto s = BuildRating(tx, call, r.rating(), &report); !s.ok()) return s;
    *out->mutable_reflects() = report.reflects();
    const Chart chart{"Kết quả xếp loại đảng viên", "1"};
    return Render(RatingForm(report), format, absl::StrCat("bao-cao-xep-loai-", r.rating().year()),
                  chart, out);
  }
  if (r.has_committee()) {
    v1::CommitteeReport report;
    if (auto s = BuildCommittee(tx, call, r.committee(), &report); !s.ok()) return s;
    *out->mutable_reflects() = report.reflects();
    const Chart chart{"Cơ cấu cấp ủy viên theo trình độ chuyên môn", "5"};
    return Render(CommitteeForm(report), format,
                  absl::StrCat("bao-cao-cap-uy-", report.figures().term_start_year(), "-",
                               report.figures().term_end_year()),
                  chart, out);
  }
  std::string text;
  if (auto s = BuildNarrative(tx, call, r.narrative(), &text); !s.ok()) return s;
  out->set_filename(absl::StrCat("bao-cao-", FileDay(r.narrative().period_end()), ".txt"));
  out->set_content_type("text/plain; charset=utf-8");
  out->set_content(std::move(text));
  for (auto& p : Positions(tx)) *out->add_reflects() = std::move(p);
  return grpc::Status::OK;
}

std::vector<FieldViolation> ValidateExport(const v1::ExportReportRequest& r) {
  std::vector<FieldViolation> v;
  switch (r.report_case()) {
    case v1::ExportReportRequest::kMembership:
      v = ValidateMembership(r.membership(), "membership.");
      break;
    case v1::ExportReportRequest::kStructure:
      v = ValidateStructure(r.structure(), "structure.");
      break;
    case v1::ExportReportRequest::kForm:
      v = ValidateForm(r.form(), "form.");
      break;
    case v1::ExportReportRequest::kInspection:
      v = ValidateInspection(r.inspection(), "inspection.");
      break;
    case v1::ExportReportRequest::kAdmission:
      v = ValidateAdmission(r.admission(), "admission.");
      break;
    case v1::ExportReportRequest::kRating:
      v = ValidateRating(r.rating(), "rating.");
      break;
    case v1::ExportReportRequest::kCommittee:
      v = ValidateCommittee(r.committee(), "committee.");
      break;
    case v1::ExportReportRequest::kNarrative:
      v = ValidateNarrative(r.narrative(), "narrative.");
      break;
    default:
      v.push_back({"report",
                   "is required: membership, structure, form, narrative, inspection, admission, "
                   "rating or committee"});
  }
  const bool narrative = r.has_narrative();
  if (narrative && r.format() != v1::EXPORT_FORMAT_TEXT) {
    v.push_back({"format", "a narrative is exported as EXPORT_FORMAT_TEXT"});
  } else if (!narrative && r.format() != v1::EXPORT_FORMAT_XLSX &&
             r.format() != v1::EXPORT_FORMAT_CSV) {
    v.push_back({"format", "a table is exported as EXPORT_FORMAT_XLSX or EXPORT_FORMAT_CSV"});
  }
  return v;
}

const v1::Freshness& FreshnessOf(const v1::ExportReportRequest& r) {
  if (r.has_membership()) return r.membership().freshness();
  if (r.has_structure()) return r.structure().freshness();
  if (r.has_form()) return r.form().freshness();
  if (r.has_inspection()) return r.inspection().freshness();
  if (r.has_admission()) return r.admission().freshness();
  if (r.has_rating()) return r.rating().freshness();
  if (r.has_committee()) return r.committee().freshness();
  return r.narrative().freshness();
}

}  // namespace

grpc::ServerUnaryReactor* ReportingService::ExportReport(grpc::CallbackServerContext* context,
                                                         const v1::ExportReportRequest* request,
                                                         v1::ExportReportResponse* response) {
  return ServeReport(context, db_, waiter_, FreshnessOf(*request), ValidateExport(*request),
                     [=](pqxx::transaction_base& tx, const CallContext& call) {
                       return Export(tx, call, *request, response);
                     });
}

}  // namespace partywork::reporting
