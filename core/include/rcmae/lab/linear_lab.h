#pragma once
// The linear-model lab (docs/TEACHER_GRADIENTS.md): a linear student on masked inputs with
// an EMA teacher and a consistency loss, next to the plain model and a heavy-ball momentum
// model. Small dense vectors, no torch: it runs in milliseconds, so the GUI recomputes it
// on every slider move.
#include <cstdint>
#include <vector>

namespace rcmae {

struct LinearLabConfig {
  int dim = 32;  // input dimension d
  int steps = 400;
  double lr = 0.5;           // eta
  double momentum = 0.9;     // m of the EMA teacher (and beta of heavy-ball, for contrast)
  double gamma = 1.0;        // weight of the consistency loss
  double mask_ratio = 0.5;   // fraction of input coordinates zeroed per step
  double correlation = 0.8;  // rho: x_t = rho x_{t-1} + sqrt(1 - rho^2) xi_t
  uint64_t seed = 0;
  int episodes = 200;  // one-history-term probes for the closed-form check
};

struct LinearLabPoint {
  double input_cos = 0;  // cos(x_t, x_{t-1}) of the masked inputs
  double grad_cos = 0;   // cos(g_c,t, G_{t-1})
};

struct LinearLabResult {
  std::vector<double> loss_plain, loss_teacher, loss_heavy_ball;  // per step, held-out set
  std::vector<double> correction_norm;      // ||gamma g_c,t|| of the teacher model
  std::vector<LinearLabPoint> trajectory;   // along the teacher model's run (t >= 2)
  std::vector<LinearLabPoint> one_history;  // fresh episodes where theta_0 == phi_0
};

LinearLabResult run_linear_lab(const LinearLabConfig& config);

// One episode of the one-history-term case: theta_0 == phi_0, one plain step on x_0, an EMA
// update, then g_c at x_1. Returns cos(g_c,1, G_0); the closed form is -|cos(x_1, x_0)|
// (0 when g_c vanishes, e.g. for orthogonal inputs). `correction_norm` receives ||g_c,1||.
double one_history_cosine(const std::vector<double>& x0, const std::vector<double>& x1,
                          const std::vector<double>& theta0, const std::vector<double>& w_true,
                          double lr, double momentum, double* correction_norm = nullptr);

}  // namespace rcmae
