// rcmae compare RUN_DIR...: final losses and kNN accuracy of runs, side by side.
#include <cstdio>

#include "arg_list.h"
#include "commands.h"
#include "rcmae/io/run_summary.h"

namespace rcmae::cli {

int run_compare(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError("compare: give one or more run folders");
  std::vector<RunSummary> runs;
  for (const auto& folder : argv) {
    if (folder.rfind("--", 0) == 0) throw UsageError(folder + ": unknown option for compare");
    runs.push_back(summarize_run(folder));
  }
  std::printf("%s", format_comparison(runs).c_str());
  std::printf("loss: mean of the last 10%% of steps; kNN: teacher features (student in MAE mode), "
              "k=20, T=0.07; probe: linear probe at the end of the run, same features\n");
  return 0;
}

}  // namespace rcmae::cli
