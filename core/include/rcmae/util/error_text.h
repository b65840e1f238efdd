#pragma once

#include <exception>
#include <string>

namespace rcmae {

// The first line of an error, for a log line or an event: torch's errors (c10::Error) carry
// a C++ backtrace after it, which the user does not need.
std::string first_line(const std::exception& error);
std::string first_line(const std::string& text);

}  // namespace rcmae
