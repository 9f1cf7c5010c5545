// partywork-load: the load tool (bench/lib/load.h) on the command line.
//
//   partywork-load ADDRESS package.Service/Method [JSON]
//       [--in-flight=N] [--rate=CALLS_PER_S] [--seconds=S]
//       [--header=name:value …] [--identity-secret=SECRET] [--spread=N]
//
// Sends the same request (JSON, as partywork-call reads it) N at a time
// (closed loop) or at a fixed rate (open loop), prints calls/s, p50 and p99
// latency and every status code counted; exits 1 if any call was not OK.
// --identity-secret signs a Khối-wide caller as the gateway would, for calls
// straight to a service. --spread=N replaces "{n}" in the JSON by numbers
// spread over 1..N (e.g. '{"name": "members/{n}"}'), the same sequence every
// run.
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "bench/lib/load.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "libs/platform/identity.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: partywork-load ADDRESS package.Service/Method [JSON] [--in-flight=N] "
               "[--rate=R] [--seconds=S] [--header=name:value …] [--identity-secret=SECRET] "
               "[--spread=N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  namespace pb = partywork::bench;
  pb::LoadOptions load;
  pb::Target target;
  std::vector<std::string> args;
  int64_t spread = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const std::string value = a.substr(a.find('=') + 1);
    double number = 0;
    if (absl::StartsWith(a, "--in-flight=") && absl::SimpleAtod(value, &number) && number >= 1) {
      load.in_flight = static_cast<int>(number);
    } else if (absl::StartsWith(a, "--rate=") && absl::SimpleAtod(value, &number)) {
      load.rate = number;
    } else if (absl::StartsWith(a, "--seconds=") && absl::SimpleAtod(value, &number)) {
      load.duration = absl::Seconds(number);
    } else if (absl::StartsWith(a, "--header=") && value.find(':') != std::string::npos) {
      target.metadata.emplace_back(value.substr(0, value.find(':')),
                                   value.substr(value.find(':') + 1));
    } else if (absl::StartsWith(a, "--spread=") && absl::SimpleAtod(value, &number) &&
               number >= 1) {
      spread = static_cast<int64_t>(number);
    } else if (absl::StartsWith(a, "--identity-secret=")) {
      target.metadata.emplace_back(
          partywork::kIdentityHeader,
          partywork::IdentitySigner(value).Sign({"load", "khoi_admin", ""}, absl::Hours(24)));
    } else if (absl::StartsWith(a, "--")) {
      return Usage();
    } else {
      args.push_back(a);
    }
  }
  if (args.size() < 2 || args.size() > 3) return Usage();
  std::vector<std::string> parts = absl::StrSplit(args[1], '/');
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  const auto* method =
      parts.size() == 2 ? pool->FindMethodByName(parts[0] + "." + parts[1]) : nullptr;
  if (method == nullptr) {
    std::fprintf(stderr, "unknown method %s (expected package.Service/Method)\n", args[1].c_str());
    return 2;
  }
  google::protobuf::DynamicMessageFactory factory(pool);
  // The requests, parsed once: one, or 4,096 spread over 1..N.
  auto requests = std::make_shared<std::vector<std::string>>();
  const std::string json = args.size() == 3 ? args[2] : "{}";
  for (int64_t k = 0; k < (spread > 0 ? 4096 : 1); ++k) {
    const std::string n = absl::StrCat(
        spread > 0 ? (static_cast<uint64_t>(k) * 2654435761u) % static_cast<uint64_t>(spread) + 1
                   : 0);
    std::unique_ptr<google::protobuf::Message> request(
        factory.GetPrototype(method->input_type())->New());
    if (auto s = google::protobuf::util::JsonStringToMessage(
            absl::StrReplaceAll(json, {{"{n}", n}}), request.get());
        !s.ok()) {
      std::fprintf(stderr, "bad JSON request: %s\n", s.ToString().c_str());
      return 2;
    }
    requests->push_back(request->SerializeAsString());
  }
  target.channel = grpc::CreateChannel(args[0], grpc::InsecureChannelCredentials());
  target.method = "/" + args[1];
  target.request = [requests](int64_t i) { return (*requests)[i % requests->size()]; };
  const pb::LoadResult r = pb::RunLoad(target, load);
  std::printf("%lld calls in %.1f s: %.0f calls/s, p50 %.0f µs, p99 %.0f µs; %s\n",
              static_cast<long long>(r.calls), r.seconds, r.Throughput(), r.latency.Quantile(0.5),
              r.latency.Quantile(0.99), r.CodesText().c_str());
  if (!r.first_error.empty()) std::printf("first error: %s\n", r.first_error.c_str());
  return r.NotOk() == 0 && r.calls > 0 ? 0 : 1;
}
