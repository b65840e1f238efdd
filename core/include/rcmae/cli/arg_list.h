#pragma once
// `--key value` / `--key=value` / `--flag` arguments, with typed reads that name the option
// in every error. Shared by `rcmae` and `rcmae-workbench`, so both read options alike.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rcmae::cli {

// A user error: printed as one line, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ArgList {
 public:
  // `flags` take no value. Throws UsageError on a stray positional or a missing value.
  ArgList(const std::vector<std::string>& args, const std::set<std::string>& flags);

  bool has(const std::string& key) const { return values_.count(key) > 0; }
  std::string text(const std::string& key, const std::string& fallback) const;
  double number(const std::string& key, double fallback) const;
  long long integer(const std::string& key, long long fallback) const;
  // 0 to 2^64 - 1 (seeds): never through a signed type, which would refuse the upper half.
  unsigned long long whole_number(const std::string& key, unsigned long long fallback) const;
  // Throws UsageError naming the first option not in `known`.
  void reject_unknown(const std::set<std::string>& known) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace rcmae::cli
