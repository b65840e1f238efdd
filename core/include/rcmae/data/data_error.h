#pragma once
// Bad input in a dataset: the message names the file and the problem.
#include <stdexcept>
#include <string>

namespace rcmae {

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // The one message shape every data error uses: "FILE: PROBLEM". Keeping the file and the
  // problem apart lets callers (GUI, tests) show or check either without parsing.
  DataError(const std::string& file, const std::string& problem)
      : std::runtime_error(file + ": " + problem), file_(file), problem_(problem) {}

  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string problem_;
};

}  // namespace rcmae
