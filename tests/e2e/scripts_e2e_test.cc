// The local stack's two commands: scripts/start brings up PostgreSQL and the
// four servers (health SERVING, reflection, demo data, a ready command), is
// safe to run twice, and scripts/stop leaves no process and no open port.
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

namespace partywork {
namespace {

using ::partywork::testing::FreePort;
using ::partywork::testing::HealthOf;
using ::partywork::testing::Listening;
using ::partywork::testing::RunCommand;

class ScriptsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/partywork-stack-XXXXXX";
    state_ = mkdtemp(dir);
    std::vector<std::string> env = {absl::StrCat("PARTYWORK_BUILD_DIR=", PARTYWORK_BIN_DIR, "/.."),
                                    "PARTYWORK_SKIP_BUILD=1", "PARTYWORK_STATE_DIR=" + state_};
    pg_port_ = FreePort();
    env.push_back(absl::StrCat("PARTYWORK_PG_PORT=", pg_port_));
    for (const char* svc : {"MEMBERSHIP", "INSPECTION", "REPORTING", "GATEWAY"}) {
      int grpc = FreePort(), metrics = FreePort();
      ports_.push_back(grpc);
      ports_.push_back(metrics);
      grpc_ports_[svc] = grpc;
      env.push_back(absl::StrCat("PARTYWORK_", svc, "_PORT=", grpc));
      env.push_back(absl::StrCat("PARTYWORK_", svc, "_METRICS_PORT=", metrics));
    }
    ports_.push_back(pg_port_);
    env_ = absl::StrJoin(env, " ");
  }
  void TearDown() override {
    Script("stop");
    RunCommand("rm -rf " + state_);
  }

  int Script(const std::string& name, std::string* out = nullptr) {
    return RunCommand(
        absl::StrCat("cd ", PARTYWORK_SOURCE_DIR, " && env ", env_, " scripts/", name), out);
  }

  std::string state_, env_;
  int pg_port_ = 0;
  std::vector<int> ports_;
  std::map<std::string, int> grpc_ports_;
};

TEST_F(ScriptsTest, StartBringsUpTheStackAndStopLeavesNothing) {
  std::string out;
  ASSERT_EQ(Script("start", &out), 0) << out;
  EXPECT_NE(out.find("demo data: 4 organizations"), std::string::npos) << out;
  EXPECT_NE(out.find("mint-token"), std::string::npos) << out;
  for (const auto& [svc, port] : grpc_ports_) {
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
    EXPECT_EQ(HealthOf(channel), "SERVING") << svc;
  }
  // The printed commands work as printed: a token, then a call to the gateway.
  size_t from = out.find("TOKEN=");
  size_t to = out.find("'{\"page_size\": 10}'", from);
  ASSERT_NE(to, std::string::npos) << out;
  std::string commands = out.substr(from, to + 19 - from);
  std::string listed;
  EXPECT_EQ(RunCommand(absl::StrCat("cd ", PARTYWORK_SOURCE_DIR, " && ", commands), &listed), 0)
      << commands << "\n"
      << listed;
  EXPECT_NE(listed.find("Chi bộ Công ty Điện lực"), std::string::npos) << listed;

  // Safe to run twice: same servers, no second copy of the demo data.
  std::string again;
  ASSERT_EQ(Script("start", &again), 0) << again;
  EXPECT_NE(again.find("already running"), std::string::npos) << again;
  EXPECT_EQ(again.find("demo data:"), std::string::npos) << again;

  std::string stopped;
  ASSERT_EQ(Script("stop", &stopped), 0) << stopped;
  for (int port : ports_) EXPECT_FALSE(Listening(port)) << "port " << port << " still open";
  std::string leftovers;
  // PostgreSQL's processes name their data directory, under state_.
  RunCommand("ps -eo args | grep -F -- '" + state_ + "' | grep -v -e grep -e 'sh -c' || true",
             &leftovers);
  EXPECT_EQ(leftovers, "") << leftovers;
  std::string servers;
  // Only this stack's servers (they inherit its state directory), not those
  // of tests running beside this one.
  RunCommand(absl::StrCat("for p in $(pgrep -f 'partywork-(membership|inspection|reporting|"
                          "gateway) serve'); do tr '\\0' '\\n' </proc/$p/environ 2>/dev/null "
                          "| grep -qxF 'PARTYWORK_STATE_DIR=",
                          state_, "' && echo $p; done | wc -l"),
             &servers);
  EXPECT_EQ(servers, "0\n") << "a server is still running";
}

}  // namespace
}  // namespace partywork
