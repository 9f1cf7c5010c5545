// Client channels between partywork's servers. Behind a Kubernetes headless
// Service, "dns:///name:port" resolves to every replica and round_robin
// spreads calls over them; the servers' maximum connection age makes clients
// re-resolve after a scale-out.
#pragma once

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace partywork {

// `args` adds to (or overrides) the defaults, e.g. reconnection backoff.
std::shared_ptr<grpc::Channel> NewChannel(const std::string& address,
                                          grpc::ChannelArguments args = {});

}  // namespace partywork
