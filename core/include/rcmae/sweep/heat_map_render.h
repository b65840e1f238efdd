#pragma once
// The sweep heat map as a picture: PNG (drawn with OpenCV) and SVG (written as text), the
// same layout in both: coloured cells with their values, axis values and names, a colour
// bar, the best cell outlined and named underneath.
#include <filesystem>
#include <string>

#include "rcmae/sweep/sweep_report.h"

namespace rcmae {

struct Rgb {
  int r = 0, g = 0, b = 0;
};

// Viridis at t in [0, 1] (clamped); the heat map maps the best value to t = 1 (yellow).
Rgb heat_map_color(double t);

// Throws std::runtime_error when the file cannot be written.
void write_heat_map_png(const HeatMapGrid& grid, const std::filesystem::path& file);
std::string heat_map_svg(const HeatMapGrid& grid);
void write_heat_map_svg(const HeatMapGrid& grid, const std::filesystem::path& file);

}  // namespace rcmae
