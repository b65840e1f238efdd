#pragma once
#include <string>
#include <vector>

namespace rcmae::cli {

// Each command returns the process exit code; UsageError escapes to main().
int run_train(const std::vector<std::string>& args);
int run_bench(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
int run_export(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_finetune(const std::vector<std::string>& args);
int run_fork_command(const std::vector<std::string>& args);
// `rcmae fork-arm OUT ARM REPLICATE THREADS`: one arm of a fork, in a child of `rcmae fork`.
int run_fork_arm_command(const std::vector<std::string>& args);
int run_import(const std::vector<std::string>& args);
int run_launch(const std::vector<std::string>& args);
int run_sweep(const std::vector<std::string>& args);

}  // namespace rcmae::cli
