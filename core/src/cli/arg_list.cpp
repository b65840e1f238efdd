#include "rcmae/cli/arg_list.h"

#include <cmath>

namespace rcmae::cli {

ArgList::ArgList(const std::vector<std::string>& args, const std::set<std::string>& flags) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "'");
    const auto equals = arg.find('=');
    if (equals != std::string::npos) {
      values_[arg.substr(0, equals)] = arg.substr(equals + 1);
    } else if (flags.count(arg)) {
      values_[arg] = "1";
    } else {
      if (i + 1 >= args.size()) throw UsageError(arg + ": needs a value");
      values_[arg] = args[++i];
    }
  }
}

std::string ArgList::text(const std::string& key, const std::string& fallback) const {
  auto found = values_.find(key);
  return found == values_.end() ? fallback : found->second;
}

double ArgList::number(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  const std::string& value = values_.at(key);
  try {
    size_t used = 0;
    double parsed = std::stod(value, &used);
    if (used != value.size()) throw std::invalid_argument(value);
    return parsed;
  } catch (const std::exception&) {
    throw UsageError(key + ": expected a number, got '" + value + "'");
  }
}

long long ArgList::integer(const std::string& key, long long fallback) const {
  if (!has(key)) return fallback;
  const std::string& value = values_.at(key);
  try {
    size_t used = 0;
    long long parsed = std::stoll(value, &used);
    if (used != value.size()) throw std::invalid_argument(value);
    return parsed;
  } catch (const std::exception&) {
    throw UsageError(key + ": expected an integer, got '" + value + "'");
  }
}

unsigned long long ArgList::whole_number(const std::string& key,
                                         unsigned long long fallback) const {
  if (!has(key)) return fallback;
  const std::string& value = values_.at(key);
  const auto refuse = [&] {
    return UsageError(key + ": expected a whole number from 0 to 2^64 - 1, got '" + value + "'");
  };
  // std::stoull would take "-1" as 2^64 - 1.
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) throw refuse();
  try {
    return std::stoull(value);
  } catch (const std::exception&) {
    throw refuse();  // out of range
  }
}

void ArgList::reject_unknown(const std::set<std::string>& known) const {
  for (const auto& [key, value] : values_)
    if (!known.count(key)) throw UsageError(key + ": unknown option (see --help)");
}

}  // namespace rcmae::cli
