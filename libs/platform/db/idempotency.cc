#include "libs/platform/db/idempotency.h"

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/platform/db/database.h"
#include "libs/platform/errors.h"

namespace partywork::db {
namespace {

// SHA-256 of the request's deterministic serialization.
std::string RequestHash(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&out);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), len);
}

}  // namespace

grpc::Status RunOnce(pqxx::work& tx, const std::string& schema, const std::string& method,
                     const std::string& request_id, const google::protobuf::Message& request,
                     google::protobuf::Message* response,
                     const std::function<grpc::Status()>& mutate, bool* replayed) {
  if (replayed != nullptr) *replayed = false;
  const pqxx::binarystring hash(RequestHash(request));
  const Statement claim{
      schema + "_idempotency_claim",
      absl::StrCat("INSERT INTO ", schema,
                   ".idempotency_keys (request_id, method, request_hash) VALUES ($1, $2, $3) "
                   "ON CONFLICT (request_id) DO NOTHING RETURNING request_id")};
  if (!Exec(tx, claim, request_id, method, hash).empty()) {
    grpc::Status status = mutate();
    if (!status.ok()) return status;
    const Statement store{
        schema + "_idempotency_store",
        absl::StrCat("UPDATE ", schema,
                     ".idempotency_keys SET response = $2 WHERE request_id = $1")};
    Exec(tx, store, request_id, pqxx::binarystring(response->SerializeAsString()));
    return status;
  }
  const Statement load{schema + "_idempotency_load",
                       absl::StrCat("SELECT method, request_hash, response FROM ", schema,
                                    ".idempotency_keys WHERE request_id = $1")};
  pqxx::result row = Exec(tx, load, request_id);
  if (row.empty() || row[0][0].as<std::string>() != method ||
      pqxx::binarystring(row[0][1]).str() != hash.str() || row[0][2].is_null()) {
    return errors::FailedPrecondition(
               "REQUEST_ID_REUSED",
               absl::StrCat("request id ", request_id,
                            " was already used for a different request; use a new id"))
        .Meta("request_id", request_id)
        .Vietnamese("Mã yêu cầu (request_id) đã được dùng cho một yêu cầu khác.");
  }
  if (!response->ParseFromString(pqxx::binarystring(row[0][2]).str())) {
    return errors::Internal("stored response of request " + request_id + " is unreadable");
  }
  if (replayed != nullptr) *replayed = true;
  return grpc::Status::OK;
}

}  // namespace partywork::db
