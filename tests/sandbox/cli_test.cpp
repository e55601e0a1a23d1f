#include "cli.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pysandbox::cli {
namespace {

TEST(Parse, DefaultsAndEveryLimit) {
  const auto parsed = parse({"run", "--cpu-ms", "500", "--wall-ms", "900", "--memory-mb", "64",
                             "--output-kb", "10", "--scratch-kb", "2048", "--max-tasks", "8",
                             "--python", "/usr/bin/python3.11", "--file", "in.txt=/tmp/x", "a.py"});
  const auto& options = std::get<Options>(parsed);
  EXPECT_EQ(options.command, "run");
  EXPECT_EQ(options.program, "a.py");
  EXPECT_EQ(options.limits.cpu_ms, 500u);
  EXPECT_EQ(options.limits.wall_ms, 900u);
  EXPECT_EQ(options.limits.memory_mb, 64u);
  EXPECT_EQ(options.limits.output_kb, 10u);
  EXPECT_EQ(options.limits.scratch_kb, 2048u);
  EXPECT_EQ(options.limits.max_tasks, 8u);
  EXPECT_EQ(options.python, "/usr/bin/python3.11");
  ASSERT_EQ(options.files.size(), 1u);
  EXPECT_EQ(options.files[0].name, "in.txt");
  EXPECT_EQ(options.files[0].host_path, "/tmp/x");

  const auto plain = std::get<Options>(parse({"run", "b.py"}));
  EXPECT_EQ(plain.limits.cpu_ms, Limits{}.cpu_ms);
  EXPECT_EQ(plain.python, "/usr/bin/python3");
}

TEST(Parse, BadUsageIsExplained) {
  const auto error = [](std::vector<std::string> args) {
    const auto parsed = parse(args);
    return std::holds_alternative<UsageError>(parsed) ? std::get<UsageError>(parsed).message
                                                      : std::string();
  };
  EXPECT_EQ(error({}), "missing command");
  EXPECT_EQ(error({"walk"}), "unknown command 'walk'");
  EXPECT_EQ(error({"run"}), "missing FILE.py");
  EXPECT_EQ(error({"run", "a.py", "b.py"}), "more than one program: b.py");
  EXPECT_EQ(error({"run", "--cpu-ms", "a.py"}), "--cpu-ms wants a positive integer");
  EXPECT_EQ(error({"run", "--cpu-ms", "0", "a.py"}), "--cpu-ms wants a positive integer");
  EXPECT_EQ(error({"run", "--cpu-ms", "-5", "a.py"}), "--cpu-ms wants a positive integer");
  EXPECT_EQ(error({"run", "a.py", "--wall-ms"}), "--wall-ms needs a value");
  EXPECT_EQ(error({"run", "--colour", "red", "a.py"}), "unknown option --colour");
  EXPECT_EQ(error({"run", "--file", "noequals", "a.py"}), "--file wants NAME=PATH");
  EXPECT_EQ(error({"check", "extra"}), "check takes no arguments");
}

TEST(ToJson, TheContractsFieldsInOrder) {
  RunResult result;
  result.verdict = Verdict::RuntimeError;
  result.exit_code = 1;
  result.cpu_ms = 12;
  result.wall_ms = 30;
  result.memory_kb = 4096;
  result.stdout_data = "line\n\"quoted\" <tag>";
  result.stderr_data = "Traceback\n";
  result.detail = "exit code 1";
  const std::string text = to_json(result);
  EXPECT_EQ(text.find("{\"verdict\":"), 0u);
  const auto json = nlohmann::json::parse(text);
  EXPECT_EQ(json["verdict"], "RUNTIME_ERROR");
  EXPECT_EQ(json["exit_code"], 1);
  EXPECT_TRUE(json["signal"].is_null());
  EXPECT_EQ(json["stdout"], "line\n\"quoted\" <tag>");
  EXPECT_EQ(json.size(), 9u);
}

TEST(ToJson, InvalidUtf8IsReplacedNotFatal) {
  RunResult result;
  result.verdict = Verdict::Ok;
  result.exit_code = 0;
  result.stdout_data = std::string("ok \xff\xfe end");
  const auto json = nlohmann::json::parse(to_json(result));
  const std::string out = json["stdout"];
  EXPECT_EQ(out.rfind("ok ", 0), 0u);
  EXPECT_NE(out.find(" end"), std::string::npos);
}

TEST(ToJson, SignalsByName) {
  RunResult result;
  result.verdict = Verdict::TimeLimit;
  result.signal = 9;
  EXPECT_EQ(nlohmann::json::parse(to_json(result))["signal"], "SIGKILL");
}

}  // namespace
}  // namespace pysandbox::cli
