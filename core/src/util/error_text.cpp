#include "rcmae/util/error_text.h"

#include <c10/util/Exception.h>

namespace rcmae {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string first_line(const std::exception& error) {
  const auto* torch_error = dynamic_cast<const c10::Error*>(&error);
  return first_line(torch_error ? torch_error->what_without_backtrace() : error.what());
}

}  // namespace rcmae
