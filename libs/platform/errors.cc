#include "libs/platform/errors.h"

#include <mutex>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace partywork::errors {

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : "UNKNOWN";
}

namespace {

std::mutex g_mu;
std::string g_domain = "partywork";  // guarded by g_mu

std::string Domain() {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_domain;
}

}  // namespace

void SetDomain(std::string domain) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_domain = std::move(domain);
}

Error::Error(grpc::StatusCode code, std::string reason, std::string message)
    : code_(code), reason_(std::move(reason)), message_(std::move(message)) {}

Error& Error::Vietnamese(std::string text) {
  vietnamese_ = std::move(text);
  return *this;
}

Error& Error::Meta(const std::string& key, std::string value) {
  metadata_[key] = std::move(value);
  return *this;
}

Error& Error::Field(std::string field, std::string description) {
  fields_.push_back({std::move(field), std::move(description)});
  return *this;
}

Error& Error::RetryAfter(absl::Duration delay) {
  retry_after_ = delay;
  return *this;
}

grpc::Status Error::Build() const {
  google::rpc::Status status;
  status.set_code(code_);
  status.set_message(message_);
  google::rpc::ErrorInfo info;
  info.set_reason(reason_);
  info.set_domain(Domain());
  for (const auto& [k, v] : metadata_) (*info.mutable_metadata())[k] = v;
  status.add_details()->PackFrom(info);
  if (!fields_.empty()) {
    google::rpc::BadRequest bad;
    for (const auto& f : fields_) {
      auto* v = bad.add_field_violations();
      v->set_field(f.field);
      v->set_description(f.description);
    }
    status.add_details()->PackFrom(bad);
  }
  if (retry_after_) {
    google::rpc::RetryInfo retry;
    const int64_t nanos = absl::ToInt64Nanoseconds(*retry_after_);
    retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
    status.add_details()->PackFrom(retry);
  }
  if (!vietnamese_.empty()) {
    google::rpc::LocalizedMessage localized;
    localized.set_locale("vi-VN");
    localized.set_message(vietnamese_);
    status.add_details()->PackFrom(localized);
  }
  return grpc::Status(code_, message_, status.SerializeAsString());
}

grpc::Status InvalidArgument(const std::vector<FieldViolation>& violations) {
  std::string message = "invalid request:";
  for (const auto& v : violations)
    absl::StrAppend(&message, " ", v.field, ": ", v.description, ";");
  message.pop_back();
  Error error(grpc::StatusCode::INVALID_ARGUMENT, "INVALID_FIELDS", message);
  error.Vietnamese("Dữ liệu gửi lên không hợp lệ.");
  for (const auto& v : violations) error.Field(v.field, v.description);
  return error.Build();
}

grpc::Status FromRule(const RuleViolation& violation) {
  Error error(grpc::StatusCode::FAILED_PRECONDITION, violation.reason, violation.message);
  error.Vietnamese(violation.vietnamese);
  for (const auto& [k, v] : violation.metadata) error.Meta(k, v);
  return error.Build();
}

Error FailedPrecondition(std::string reason, std::string message) {
  return Error(grpc::StatusCode::FAILED_PRECONDITION, std::move(reason), std::move(message));
}

grpc::Status NotFound(const std::string& resource_name) {
  return Error(grpc::StatusCode::NOT_FOUND, "RESOURCE_NOT_FOUND",
               absl::StrCat(resource_name, " does not exist"))
      .Meta("resource", resource_name)
      .Vietnamese(absl::StrCat("Không tìm thấy ", resource_name, "."));
}

grpc::Status AlreadyExists(const std::string& resource_name) {
  return Error(grpc::StatusCode::ALREADY_EXISTS, "RESOURCE_ALREADY_EXISTS",
               absl::StrCat(resource_name, " already exists"))
      .Meta("resource", resource_name)
      .Vietnamese(absl::StrCat(resource_name, " đã tồn tại."));
}

grpc::Status StaleEtag(const std::string& resource_name) {
  return Error(grpc::StatusCode::ABORTED, "STALE_ETAG",
               absl::StrCat(resource_name,
                            " was changed by someone else since it was read; read it again"))
      .Meta("resource", resource_name)
      .Vietnamese("Bản ghi đã được người khác sửa đổi; hãy tải lại rồi thực hiện lại.");
}

grpc::Status Unavailable(std::string message) {
  return Error(grpc::StatusCode::UNAVAILABLE, "SERVICE_UNAVAILABLE", std::move(message))
      .Vietnamese("Hệ thống tạm thời không phục vụ được; vui lòng thử lại.");
}

grpc::Status Unauthenticated(std::string message) {
  return Error(grpc::StatusCode::UNAUTHENTICATED, "UNAUTHENTICATED", std::move(message))
      .Vietnamese("Chưa xác thực được người gọi.");
}

Error PermissionDenied(std::string reason, std::string message) {
  return Error(grpc::StatusCode::PERMISSION_DENIED, std::move(reason), std::move(message));
}

Error ResourceExhausted(std::string reason, std::string message) {
  return Error(grpc::StatusCode::RESOURCE_EXHAUSTED, std::move(reason), std::move(message));
}

grpc::Status Internal(std::string message) {
  return Error(grpc::StatusCode::INTERNAL, "INTERNAL", std::move(message));
}

std::optional<google::rpc::Status> Details(const grpc::Status& status) {
  if (status.error_details().empty()) return std::nullopt;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  return details;
}

std::string Reason(const grpc::Status& status) {
  auto details = Details(status);
  if (!details) return "";
  for (const auto& any : details->details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

std::vector<FieldViolation> FieldViolations(const grpc::Status& status) {
  std::vector<FieldViolation> out;
  auto details = Details(status);
  if (!details) return out;
  for (const auto& any : details->details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& v : bad.field_violations()) out.push_back({v.field(), v.description()});
  }
  return out;
}

std::optional<absl::Duration> RetryDelay(const grpc::Status& status) {
  auto details = Details(status);
  if (!details) return std::nullopt;
  for (const auto& any : details->details()) {
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&retry)) {
      return absl::Seconds(retry.retry_delay().seconds()) +
             absl::Nanoseconds(retry.retry_delay().nanos());
    }
  }
  return std::nullopt;
}

}  // namespace partywork::errors
