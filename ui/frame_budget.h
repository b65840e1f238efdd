#pragma once
// How often the live views may redraw while training runs. On a 2-core machine every
// millisecond the GUI thread spends drawing is taken from one of the trainer's OpenMP
// threads, and because the others wait for it at the next barrier, training loses up to
// twice that. So the redraw interval follows the measured cost of a frame: the plots
// report how long their replots took, and the next frame waits until drawing stays under
// a fixed share of one core.
#include <QtGlobal>

namespace rcmae::ui {

class FrameBudget {
 public:
  static constexpr double kShareOfOneCore = 0.02;
  static constexpr int kMinIntervalMs = 40;    // 25 frames/s when drawing is cheap
  static constexpr int kMaxIntervalMs = 1000;  // never less than one redraw a second

  // Time spent drawing (replots, handlers) since the last frame.
  void addCost(double ms) { pending_ms_ += ms; }
  // The cost of the frame just drawn becomes the basis of the next interval.
  int nextIntervalMs();
  double lastFrameCostMs() const { return last_frame_ms_; }

 private:
  double pending_ms_ = 0;
  double last_frame_ms_ = 0;
};

// The one budget of the GUI thread (plots add to it, the live feed reads it).
FrameBudget& frame_budget();

}  // namespace rcmae::ui
