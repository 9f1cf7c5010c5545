#include "libs/platform/channel.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace partywork {

std::shared_ptr<grpc::Channel> NewChannel(const std::string& address, grpc::ChannelArguments args) {
  args.SetLoadBalancingPolicyName("round_robin");
  // Feeds stay open for hours: keep idle connections checked.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace partywork
