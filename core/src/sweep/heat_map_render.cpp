#include "rcmae/sweep/heat_map_render.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <stdexcept>

namespace rcmae {
namespace fs = std::filesystem;

namespace {

// Pixel geometry shared by the PNG and the SVG.
struct Layout {
  int cell_w = 112, cell_h = 56;
  int left = 140, top = 64, right = 120, bottom = 84;
  int nx = 0, ny = 0;
  int min_width = 0;  // wide enough for the title, note and footnote (a one- or two-cell map)
  int width() const { return std::max(min_width, left + nx * cell_w + right); }
  int height() const { return top + ny * cell_h + bottom; }
  int cell_x(int x) const { return left + x * cell_w; }
  int cell_y(int y) const { return top + y * cell_h; }
  int bar_x() const { return left + nx * cell_w + 24; }
};

struct ValueRange {
  double lo = 0, hi = 0;
};

ValueRange finite_range(const HeatMapGrid& grid) {
  ValueRange range{INFINITY, -INFINITY};
  for (double v : grid.cells)
    if (std::isfinite(v)) {
      range.lo = std::min(range.lo, v);
      range.hi = std::max(range.hi, v);
    }
  if (!std::isfinite(range.lo)) range = {0, 1};
  return range;
}

// 1 for the best value, 0 for the worst; 1 everywhere when all cells are equal.
double goodness(const HeatMapGrid& grid, const ValueRange& range, double value) {
  if (range.hi <= range.lo) return 1.0;
  const double t = (value - range.lo) / (range.hi - range.lo);
  return grid.lower_is_better ? 1.0 - t : t;
}

std::string value_text(const HeatMapGrid& grid, double value) {
  if (!std::isfinite(value)) return "-";
  char text[32];
  if (grid.percent)
    std::snprintf(text, sizeof text, "%.1f%%", 100 * value);
  else
    std::snprintf(text, sizeof text, "%.4f", value);
  return text;
}

bool indistinguishable(const HeatMapGrid& grid, size_t index) {
  return index < grid.indistinguishable.size() && grid.indistinguishable[index];
}

std::string cell_text(const HeatMapGrid& grid, size_t index) {
  return value_text(grid, grid.cells[index]) + (grid.stopped_early[index] ? "*" : "") +
         (indistinguishable(grid, index) ? " ~" : "");
}

bool dark_text_on(const Rgb& c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 140; }

std::string title(const HeatMapGrid& grid) {
  return grid.metric + (grid.lower_is_better ? " (lower is better)" : " (higher is better)");
}

std::string footnote(const HeatMapGrid& grid) {
  std::string text = "best: " + best_cell_text(grid);
  if (std::find(grid.stopped_early.begin(), grid.stopped_early.end(), true) !=
      grid.stopped_early.end())
    text += "   * stopped early (median rule)";
  if (std::find(grid.indistinguishable.begin(), grid.indistinguishable.end(), true) !=
      grid.indistinguishable.end())
    text += "   ~ can't tell from the best (95% CI holds 0)";
  return text;
}

// ---- PNG ----

cv::Scalar bgr(const Rgb& c) { return cv::Scalar(c.b, c.g, c.r); }

enum class Align { Left, Centre, Right };

void put_text(cv::Mat& image, const std::string& text, int x, int y, Align align,
              double scale = 0.45, cv::Scalar colour = cv::Scalar(30, 30, 30)) {
  int baseline = 0;
  const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
  const int left = align == Align::Left     ? x
                   : align == Align::Centre ? x - size.width / 2
                                            : x - size.width;
  cv::putText(image, text, cv::Point(left, y + size.height / 2), cv::FONT_HERSHEY_SIMPLEX, scale,
              colour, 1, cv::LINE_AA);
}

void draw_colour_bar(cv::Mat& image, const Layout& l, const HeatMapGrid& grid,
                     const ValueRange& range) {
  const int top = l.top, bottom = l.top + l.ny * l.cell_h;
  for (int y = top; y < bottom; ++y) {
    const double t = 1.0 - double(y - top) / std::max(1, bottom - top - 1);  // best at the top
    cv::line(image, {l.bar_x(), y}, {l.bar_x() + 16, y}, bgr(heat_map_color(t)));
  }
  const double best = grid.lower_is_better ? range.lo : range.hi;
  const double worst = grid.lower_is_better ? range.hi : range.lo;
  put_text(image, value_text(grid, best), l.bar_x() + 22, top + 6, Align::Left, 0.4);
  put_text(image, value_text(grid, worst), l.bar_x() + 22, bottom - 6, Align::Left, 0.4);
}

// ---- SVG ----

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

std::string svg_colour(const Rgb& c) {
  char text[16];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
  return text;
}

void svg_text(std::ostringstream& out, const std::string& text, int x, int y, const char* anchor,
              int size = 12, const std::string& fill = "#1e1e1e") {
  out << "<text x=\"" << x << "\" y=\"" << y << "\" text-anchor=\"" << anchor
      << "\" dominant-baseline=\"middle\" font-size=\"" << size << "\" fill=\"" << fill << "\">"
      << xml_escaped(text) << "</text>\n";
}

}  // namespace

Rgb heat_map_color(double t) {
  static const std::array<Rgb, 9> stops = {{{68, 1, 84},
                                            {71, 44, 122},
                                            {59, 81, 139},
                                            {44, 113, 142},
                                            {33, 144, 141},
                                            {39, 173, 129},
                                            {92, 200, 99},
                                            {170, 220, 50},
                                            {253, 231, 37}}};
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0) * double(stops.size() - 1);
  const size_t i = std::min(stops.size() - 2, size_t(t));
  const double f = t - double(i);
  auto mix = [f](int a, int b) { return int(std::lround(a + f * (b - a))); };
  return {mix(stops[i].r, stops[i + 1].r), mix(stops[i].g, stops[i + 1].g),
          mix(stops[i].b, stops[i + 1].b)};
}

// The widest of the lines written across the map, in pixels of `text_width`.
template <typename TextWidth>
int widest_line(const HeatMapGrid& grid, TextWidth text_width) {
  return std::max({text_width(title(grid), true), text_width(grid.note, false),
                   text_width(footnote(grid), false)});
}

void write_heat_map_png(const HeatMapGrid& grid, const fs::path& file) {
  Layout l;
  l.nx = int(grid.x_values.size());
  l.ny = int(grid.y_values.size());
  l.min_width =
      l.left + 20 + widest_line(grid, [](const std::string& text, bool is_title) {
        int baseline = 0;
        return cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, is_title ? 0.55 : 0.42, 1, &baseline)
            .width;
      });
  const ValueRange range = finite_range(grid);
  cv::Mat image(l.height(), l.width(), CV_8UC3, cv::Scalar(255, 255, 255));
  put_text(image, title(grid), l.left, 20, Align::Left, 0.55);
  if (!grid.note.empty()) put_text(image, grid.note, l.left, 42, Align::Left, 0.42);
  for (int y = 0; y < l.ny; ++y) {
    for (int x = 0; x < l.nx; ++x) {
      const size_t index = size_t(y * l.nx + x);
      const double value = grid.cells[index];
      const Rgb colour =
          std::isfinite(value) ? heat_map_color(goodness(grid, range, value)) : Rgb{225, 225, 225};
      const cv::Rect cell(l.cell_x(x), l.cell_y(y), l.cell_w, l.cell_h);
      cv::rectangle(image, cell, bgr(colour), cv::FILLED);
      cv::rectangle(image, cell, cv::Scalar(255, 255, 255), 1);
      const cv::Scalar ink =
          dark_text_on(colour) ? cv::Scalar(20, 20, 20) : cv::Scalar(255, 255, 255);
      put_text(image, cell_text(grid, index), cell.x + l.cell_w / 2, cell.y + l.cell_h / 2,
               Align::Centre, 0.5, ink);
    }
    put_text(image, grid.y_values[size_t(y)], l.left - 10, l.cell_y(y) + l.cell_h / 2,
             Align::Right);
  }
  if (grid.best_x >= 0)
    cv::rectangle(image, cv::Rect(l.cell_x(grid.best_x), l.cell_y(grid.best_y), l.cell_w, l.cell_h),
                  cv::Scalar(40, 40, 220), 3);
  if (!grid.y_axis.empty())
    put_text(image, grid.y_axis, l.left - 10, l.top - 12, Align::Right, 0.5);
  const int grid_bottom = l.top + l.ny * l.cell_h;
  for (int x = 0; x < l.nx; ++x)
    put_text(image, grid.x_values[size_t(x)], l.cell_x(x) + l.cell_w / 2, grid_bottom + 14,
             Align::Centre);
  put_text(image, grid.x_axis, l.left + l.nx * l.cell_w / 2, grid_bottom + 38, Align::Centre, 0.5);
  put_text(image, footnote(grid), l.left, grid_bottom + 64, Align::Left, 0.42);
  draw_colour_bar(image, l, grid, range);
  if (!cv::imwrite(file.string(), image))
    throw std::runtime_error(file.string() + ": cannot write the PNG");
}

std::string heat_map_svg(const HeatMapGrid& grid) {
  Layout l;
  l.nx = int(grid.x_values.size());
  l.ny = int(grid.y_values.size());
  // Sans-serif averages a little over half its size per character.
  l.min_width = l.left + 20 + widest_line(grid, [](const std::string& text, bool is_title) {
                  return int(double(text.size()) * (is_title ? 15 : 12) * 0.58);
                });
  const ValueRange range = finite_range(grid);
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << l.width() << "\" height=\""
      << l.height() << "\" viewBox=\"0 0 " << l.width() << ' ' << l.height()
      << "\" font-family=\"sans-serif\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  svg_text(out, title(grid), l.left, 20, "start", 15);
  if (!grid.note.empty()) svg_text(out, grid.note, l.left, 42, "start", 12);
  for (int y = 0; y < l.ny; ++y) {
    for (int x = 0; x < l.nx; ++x) {
      const size_t index = size_t(y * l.nx + x);
      const double value = grid.cells[index];
      const Rgb colour =
          std::isfinite(value) ? heat_map_color(goodness(grid, range, value)) : Rgb{225, 225, 225};
      out << "<rect class=\"cell\" data-point=\"" << xml_escaped(grid.points[index]) << "\" x=\""
          << l.cell_x(x) << "\" y=\"" << l.cell_y(y) << "\" width=\"" << l.cell_w << "\" height=\""
          << l.cell_h << "\" fill=\"" << svg_colour(colour) << "\" stroke=\"#ffffff\"/>\n";
      svg_text(out, cell_text(grid, index), l.cell_x(x) + l.cell_w / 2, l.cell_y(y) + l.cell_h / 2,
               "middle", 14, dark_text_on(colour) ? "#141414" : "#ffffff");
    }
    svg_text(out, grid.y_values[size_t(y)], l.left - 10, l.cell_y(y) + l.cell_h / 2, "end");
  }
  if (grid.best_x >= 0)
    out << "<rect class=\"best\" x=\"" << l.cell_x(grid.best_x) << "\" y=\""
        << l.cell_y(grid.best_y) << "\" width=\"" << l.cell_w << "\" height=\"" << l.cell_h
        << "\" fill=\"none\" stroke=\"#dc2828\" stroke-width=\"3\"/>\n";
  if (!grid.y_axis.empty()) svg_text(out, grid.y_axis, l.left - 10, l.top - 12, "end", 13);
  const int grid_bottom = l.top + l.ny * l.cell_h;
  for (int x = 0; x < l.nx; ++x)
    svg_text(out, grid.x_values[size_t(x)], l.cell_x(x) + l.cell_w / 2, grid_bottom + 14, "middle");
  svg_text(out, grid.x_axis, l.left + l.nx * l.cell_w / 2, grid_bottom + 38, "middle", 13);
  svg_text(out, footnote(grid), l.left, grid_bottom + 64, "start", 12);
  out << "<defs><linearGradient id=\"bar\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\n";
  for (int i = 0; i <= 8; ++i)
    out << "<stop offset=\"" << i / 8.0 << "\" stop-color=\""
        << svg_colour(heat_map_color(1.0 - i / 8.0)) << "\"/>\n";
  out << "</linearGradient></defs>\n"
      << "<rect x=\"" << l.bar_x() << "\" y=\"" << l.top << "\" width=\"16\" height=\""
      << l.ny * l.cell_h << "\" fill=\"url(#bar)\"/>\n";
  svg_text(out, value_text(grid, grid.lower_is_better ? range.lo : range.hi), l.bar_x() + 22,
           l.top + 6, "start", 11);
  svg_text(out, value_text(grid, grid.lower_is_better ? range.hi : range.lo), l.bar_x() + 22,
           grid_bottom - 6, "start", 11);
  out << "</svg>\n";
  return out.str();
}

void write_heat_map_svg(const HeatMapGrid& grid, const fs::path& file) {
  std::ofstream out(file, std::ios::trunc);
  out << heat_map_svg(grid);
  out.flush();
  if (!out) throw std::runtime_error(file.string() + ": cannot write the SVG");
}

}  // namespace rcmae
