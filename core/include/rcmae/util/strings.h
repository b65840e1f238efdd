#pragma once

#include <string>
#include <vector>

namespace rcmae {

// C++17 has no std::string::ends_with.
inline bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "a, b, c": names in messages such as "choose one of ...".
inline std::string joined(const std::vector<std::string>& names,
                          const std::string& separator = ", ") {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : separator) + name;
  return out;
}

}  // namespace rcmae
