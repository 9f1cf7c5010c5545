// partywork-call: calls any partywork method with a JSON request and prints
// the JSON response, like grpcurl (which Debian does not package). It knows
// every partywork message because it links all of partywork's protos.
//
//   partywork-call [options] ADDRESS package.Service/Method [JSON]
//
// Options:
//   --identity-secret-file=F  sign a caller identity with the secret in F
//   --subject=S --role=R --scope=organizations/N   the identity's claims
//   --bearer=TOKEN            send "authorization: Bearer TOKEN"
//   --timeout=10s             the call's deadline
//   --request-id=ID           send "x-request-id: ID"
//   --feed-position           ask a mutation for its feed position; it is
//                             printed to stderr ("x-partywork-feed-position:
//                             membership=1234")
// Server-streaming methods print one JSON object per response.
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "libs/platform/identity.h"

namespace {

using google::protobuf::Message;

struct Options {
  std::string secret_file, subject = "local-operator", role = "khoi_admin", scope, bearer;
  std::string request_id;
  bool feed_position = false;
  absl::Duration timeout = absl::Seconds(10);
  std::vector<std::string> args;
};

int Usage() {
  std::cerr << "usage: partywork-call [--identity-secret-file=F] [--subject=S] [--role=R] "
               "[--scope=organizations/N] [--bearer=TOKEN] [--timeout=10s] [--request-id=ID] "
               "[--feed-position] "
               "ADDRESS package.Service/Method [JSON]\n";
  return 2;
}

std::string ToJson(const Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

grpc::ByteBuffer Serialize(const Message& message) {
  std::string bytes = message.SerializeAsString();
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool Parse(const grpc::ByteBuffer& buffer, Message* message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return message->ParseFromString(bytes);
}

int PrintError(const grpc::Status& status) {
  std::cerr << "ERROR " << status.error_code() << ": " << status.error_message() << "\n";
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    std::cerr << ToJson(details);
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    auto value = [&](absl::string_view flag) { return std::string(absl::StripPrefix(a, flag)); };
    if (absl::StartsWith(a, "--identity-secret-file=")) {
      o.secret_file = value("--identity-secret-file=");
    } else if (absl::StartsWith(a, "--subject=")) {
      o.subject = value("--subject=");
    } else if (absl::StartsWith(a, "--role=")) {
      o.role = value("--role=");
    } else if (absl::StartsWith(a, "--scope=")) {
      o.scope = value("--scope=");
    } else if (absl::StartsWith(a, "--bearer=")) {
      o.bearer = value("--bearer=");
    } else if (absl::StartsWith(a, "--request-id=")) {
      o.request_id = value("--request-id=");
    } else if (a == "--feed-position") {
      o.feed_position = true;
    } else if (absl::StartsWith(a, "--timeout=")) {
      if (!absl::ParseDuration(value("--timeout="), &o.timeout)) return Usage();
    } else if (absl::StartsWith(a, "--")) {
      return Usage();
    } else {
      o.args.emplace_back(a);
    }
  }
  if (o.args.size() < 2 || o.args.size() > 3) return Usage();
  const std::string& address = o.args[0];
  std::string method_path = o.args[1];
  std::string json = o.args.size() == 3 ? o.args[2] : "{}";

  std::vector<std::string> parts = absl::StrSplit(method_path, '/');
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const google::protobuf::MethodDescriptor* method =
      parts.size() == 2 ? pool->FindMethodByName(parts[0] + "." + parts[1]) : nullptr;
  if (method == nullptr) {
    std::cerr << "unknown method " << method_path << " (expected package.Service/Method)\n";
    return 2;
  }
  google::protobuf::DynamicMessageFactory factory(pool);
  std::unique_ptr<Message> request(factory.GetPrototype(method->input_type())->New());
  std::unique_ptr<Message> response(factory.GetPrototype(method->output_type())->New());
  if (auto s = google::protobuf::util::JsonStringToMessage(json, request.get()); !s.ok()) {
    std::cerr << "bad JSON request: " << s.ToString() << "\n";
    return 2;
  }

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + o.timeout));
  if (!o.secret_file.empty()) {
    std::ifstream in(o.secret_file);
    std::stringstream secret;
    secret << in.rdbuf();
    std::string key(absl::StripTrailingAsciiWhitespace(secret.str()));
    if (key.empty()) {
      std::cerr << "no secret in " << o.secret_file << "\n";
      return 2;
    }
    context.AddMetadata(partywork::kIdentityHeader,
                        partywork::IdentitySigner(key).Sign({o.subject, o.role, o.scope}));
  }
  if (!o.bearer.empty()) context.AddMetadata("authorization", "Bearer " + o.bearer);
  if (!o.request_id.empty()) context.AddMetadata(partywork::kRequestIdHeader, o.request_id);
  if (o.feed_position) context.AddMetadata(partywork::kFeedPositionHeader, "1");

  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  const std::string path = "/" + method->service()->full_name() + "/" + method->name();
  grpc::CompletionQueue cq;
  grpc::ByteBuffer request_buffer = Serialize(*request);

  if (method->server_streaming()) {
    auto call = stub.PrepareCall(&context, path, &cq);
    void* tag;
    bool ok;
    call->StartCall(reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
    call->Write(request_buffer, reinterpret_cast<void*>(2));
    cq.Next(&tag, &ok);
    call->WritesDone(reinterpret_cast<void*>(3));
    cq.Next(&tag, &ok);
    for (;;) {
      grpc::ByteBuffer in;
      call->Read(&in, reinterpret_cast<void*>(4));
      if (!cq.Next(&tag, &ok) || !ok) break;
      response->Clear();
      if (Parse(in, response.get())) std::cout << ToJson(*response);
    }
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(5));
    cq.Next(&tag, &ok);
    return status.ok() ? 0 : PrintError(status);
  }

  grpc::ByteBuffer response_buffer;
  auto call = stub.PrepareUnaryCall(&context, path, request_buffer, &cq);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response_buffer, &status, reinterpret_cast<void*>(1));
  void* tag;
  bool ok;
  cq.Next(&tag, &ok);
  if (!status.ok()) return PrintError(status);
  if (!Parse(response_buffer, response.get())) {
    std::cerr << "unreadable response\n";
    return 1;
  }
  std::cout << ToJson(*response);
  const auto& trailers = context.GetServerTrailingMetadata();
  if (auto found = trailers.find(partywork::kFeedPositionHeader); found != trailers.end()) {
    std::cerr << partywork::kFeedPositionHeader << ": "
              << std::string(found->second.data(), found->second.size()) << "\n";
  }
  return 0;
}
