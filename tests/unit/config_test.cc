// Config: flags over environment over defaults, typed validation at load.
#include "libs/platform/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace partywork {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<SettingSpec>& Specs() {
  static const auto* const specs = new std::vector<SettingSpec>{
      {"grpc-port", "50051", "Port of the gRPC server."},
      {"database-url", "postgresql:///partywork", "libpq connection string."},
      {"shutdown-grace", "10s", "How long in-flight calls may finish on SIGTERM."},
      {"log-json", "false", "Write logs as JSON."},
      {"reflection", "true", "Serve gRPC server reflection."},
  };
  return *specs;
}

// argv as a vector, with the program name in argv[0].
absl::StatusOr<Config> LoadWith(std::vector<std::string> args,
                                const std::map<std::string, std::string>& env) {
  args.insert(args.begin(), "partywork-test");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  return Config::Load(Specs(), static_cast<int>(args.size()), argv.data(), &env);
}

TEST(ConfigTest, EnvNameIsPrefixedUpperSnakeCase) {
  EXPECT_EQ(Config::EnvName("grpc-port"), "PARTYWORK_GRPC_PORT");
  EXPECT_EQ(Config::EnvName("database-url"), "PARTYWORK_DATABASE_URL");
  EXPECT_EQ(Config::EnvName("log"), "PARTYWORK_LOG");
}

TEST(ConfigTest, DefaultsApplyWhenNothingIsSet) {
  auto config = LoadWith({}, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->String("grpc-port"), "50051");
  EXPECT_EQ(config->Int("grpc-port"), 50051);
  EXPECT_EQ(config->String("database-url"), "postgresql:///partywork");
  EXPECT_EQ(config->Duration("shutdown-grace"), absl::Seconds(10));
  EXPECT_FALSE(config->Bool("log-json"));
  EXPECT_TRUE(config->Bool("reflection"));
  EXPECT_THAT(config->positional(), IsEmpty());
}

TEST(ConfigTest, EnvironmentOverridesDefault) {
  auto config = LoadWith({}, {{"PARTYWORK_GRPC_PORT", "6000"},
                              {"PARTYWORK_SHUTDOWN_GRACE", "250ms"},
                              {"PARTYWORK_LOG_JSON", "true"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->Int("grpc-port"), 6000);
  EXPECT_EQ(config->Duration("shutdown-grace"), absl::Milliseconds(250));
  EXPECT_TRUE(config->Bool("log-json"));
  // Untouched settings keep their defaults.
  EXPECT_EQ(config->String("database-url"), "postgresql:///partywork");
}

TEST(ConfigTest, EnvironmentVariablesOfOtherNamesAreIgnored) {
  auto config = LoadWith({}, {{"GRPC_PORT", "1"}, {"PARTYWORK_grpc-port", "2"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->Int("grpc-port"), 50051);
}

TEST(ConfigTest, FlagOverridesEnvironmentAndDefault) {
  auto config = LoadWith({"--grpc-port=7000", "--database-url=host=db dbname=x"},
                         {{"PARTYWORK_GRPC_PORT", "6000"}, {"PARTYWORK_DATABASE_URL", "env"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->Int("grpc-port"), 7000);
  EXPECT_EQ(config->String("grpc-port"), "7000");
  // Everything after the first '=' is the value.
  EXPECT_EQ(config->String("database-url"), "host=db dbname=x");
}

TEST(ConfigTest, LaterFlagWins) {
  auto config = LoadWith({"--grpc-port=1", "--grpc-port=2"}, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->Int("grpc-port"), 2);
}

TEST(ConfigTest, BadIntegerIsRefusedNamingTheSetting) {
  auto from_flag = LoadWith({"--grpc-port=abc"}, {});
  ASSERT_FALSE(from_flag.ok());
  EXPECT_EQ(from_flag.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(from_flag.status().message()), HasSubstr("grpc-port"));
  EXPECT_THAT(std::string(from_flag.status().message()), HasSubstr("abc"));

  auto from_env = LoadWith({}, {{"PARTYWORK_GRPC_PORT", "12.5"}});
  ASSERT_FALSE(from_env.ok());
  EXPECT_EQ(from_env.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(from_env.status().message()), HasSubstr("grpc-port"));

  auto empty = LoadWith({"--grpc-port="}, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(std::string(empty.status().message()), HasSubstr("grpc-port"));

  auto overflow = LoadWith({"--grpc-port=99999999999"}, {});
  ASSERT_FALSE(overflow.ok());
  EXPECT_THAT(std::string(overflow.status().message()), HasSubstr("grpc-port"));
}

TEST(ConfigTest, BadDurationIsRefusedNamingTheSetting) {
  for (const std::string bad : {"ten seconds", "10", "5 minutes", ""}) {
    auto config = LoadWith({"--shutdown-grace=" + bad}, {});
    ASSERT_FALSE(config.ok()) << "accepted duration \"" << bad << "\"";
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(config.status().message()), HasSubstr("shutdown-grace"));
  }
  auto from_env = LoadWith({}, {{"PARTYWORK_SHUTDOWN_GRACE", "soon"}});
  ASSERT_FALSE(from_env.ok());
  EXPECT_THAT(std::string(from_env.status().message()), HasSubstr("shutdown-grace"));
}

TEST(ConfigTest, GoodDurationsAreRead) {
  auto config = LoadWith({"--shutdown-grace=1m30s"}, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->Duration("shutdown-grace"), absl::Seconds(90));
}

TEST(ConfigTest, BadBoolIsRefusedNamingTheSetting) {
  auto from_flag = LoadWith({"--log-json=maybe"}, {});
  ASSERT_FALSE(from_flag.ok());
  EXPECT_EQ(from_flag.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(from_flag.status().message()), HasSubstr("log-json"));
  EXPECT_THAT(std::string(from_flag.status().message()), HasSubstr("maybe"));

  auto from_env = LoadWith({}, {{"PARTYWORK_REFLECTION", "2"}});
  ASSERT_FALSE(from_env.ok());
  EXPECT_THAT(std::string(from_env.status().message()), HasSubstr("reflection"));
}

TEST(ConfigTest, ExplicitBoolValuesAreRead) {
  auto config = LoadWith({"--log-json=true", "--reflection=false"}, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->Bool("log-json"));
  EXPECT_FALSE(config->Bool("reflection"));
}

TEST(ConfigTest, UnknownFlagIsRefused) {
  auto config = LoadWith({"--grpc-prot=1"}, {});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("grpc-prot"));

  auto bare = LoadWith({"--verbose"}, {});
  ASSERT_FALSE(bare.ok());
  EXPECT_THAT(std::string(bare.status().message()), HasSubstr("verbose"));
}

TEST(ConfigTest, BareBooleanFlagMeansTrue) {
  auto config = LoadWith({"--log-json"}, {{"PARTYWORK_LOG_JSON", "false"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->Bool("log-json"));
  EXPECT_EQ(config->String("log-json"), "true");
}

TEST(ConfigTest, BareNonBooleanFlagNeedsAValue) {
  auto config = LoadWith({"--grpc-port"}, {});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("grpc-port"));
}

TEST(ConfigTest, PositionalWordsAreKeptInOrder) {
  auto config = LoadWith({"migrate", "--grpc-port=7000", "now"}, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_THAT(config->positional(), ElementsAre("migrate", "now"));
  EXPECT_EQ(config->Int("grpc-port"), 7000);
}

TEST(ConfigTest, UnknownSettingReadsAsEmpty) {
  auto config = LoadWith({}, {});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->String("no-such-setting"), "");
  EXPECT_EQ(config->Int("no-such-setting"), 0);
}

TEST(ConfigTest, HelpListsEverySettingWithItsVariableAndDefault) {
  std::string help = Config::Help(Specs());
  for (const auto& spec : Specs()) {
    EXPECT_THAT(help, HasSubstr("--" + spec.name)) << spec.name;
    EXPECT_THAT(help, HasSubstr(Config::EnvName(spec.name))) << spec.name;
    EXPECT_THAT(help, HasSubstr("[" + spec.default_value + "]")) << spec.name;
    EXPECT_THAT(help, HasSubstr(spec.help)) << spec.name;
  }
  EXPECT_THAT(help, HasSubstr("--grpc-port  PARTYWORK_GRPC_PORT  [50051]"));
}

}  // namespace
}  // namespace partywork
