#include "rcmae/lab/linear_lab.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace rcmae {
namespace {

using Vec = std::vector<double>;

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
double norm(const Vec& a) { return std::sqrt(dot(a, a)); }
double cosine(const Vec& a, const Vec& b) {
  const double n = norm(a) * norm(b);
  return n > 0 ? dot(a, b) / n : 0.0;
}
// a += s * b
void axpy(Vec& a, double s, const Vec& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] += s * b[i];
}
Vec scaled(const Vec& a, double s) {
  Vec out(a);
  for (auto& v : out) v *= s;
  return out;
}

// G = x (theta^T x - y): gradient of the squared error 1/2 (theta^T x - y)^2.
Vec reconstruction_gradient(const Vec& theta, const Vec& x, double y) {
  return scaled(x, dot(theta, x) - y);
}
// g_c = x x^T (theta - phi): gradient of 1/2 (theta^T x - phi^T x)^2 w.r.t. theta.
Vec consistency_gradient(const Vec& theta, const Vec& phi, const Vec& x) {
  return scaled(x, dot(theta, x) - dot(phi, x));
}
void ema_update(Vec& phi, const Vec& theta, double m) {
  for (size_t i = 0; i < phi.size(); ++i) phi[i] = m * phi[i] + (1 - m) * theta[i];
}

class InputStream {
 public:
  InputStream(const LinearLabConfig& c, uint64_t seed)
      : dim_(c.dim), rho_(c.correlation), mask_ratio_(c.mask_ratio), rng_(seed) {
    previous_ = fresh();
  }
  // The next masked input: correlated with the previous raw input, then masked.
  Vec next() {
    Vec noise = fresh();
    const double keep = std::sqrt(std::max(0.0, 1 - rho_ * rho_));
    for (int i = 0; i < dim_; ++i) previous_[i] = rho_ * previous_[i] + keep * noise[i];
    return masked(previous_);
  }
  Vec fresh() {
    std::normal_distribution<double> normal(0.0, 1.0 / std::sqrt(double(dim_)));
    Vec v(dim_);
    for (auto& x : v) x = normal(rng_);
    return v;
  }
  Vec masked(const Vec& x) {
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Vec out(x);
    for (auto& v : out)
      if (uniform(rng_) < mask_ratio_) v = 0;
    return out;
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  int dim_;
  double rho_, mask_ratio_;
  std::mt19937_64 rng_;
  Vec previous_;
};

double held_out_loss(const Vec& theta, const Vec& w_true, const std::vector<Vec>& inputs) {
  double total = 0;
  for (const auto& x : inputs) {
    const double e = dot(theta, x) - dot(w_true, x);
    total += 0.5 * e * e;
  }
  return total / double(inputs.size());
}

}  // namespace

double one_history_cosine(const Vec& x0, const Vec& x1, const Vec& theta0, const Vec& w_true,
                          double lr, double momentum, double* correction_norm) {
  Vec theta = theta0, phi = theta0;  // teacher == student: g_c,0 = 0
  const Vec g0 = reconstruction_gradient(theta, x0, dot(w_true, x0));
  axpy(theta, -lr, g0);
  ema_update(phi, theta, momentum);  // now theta - phi = -m * lr * G_0
  const Vec g_c = consistency_gradient(theta, phi, x1);
  if (correction_norm) *correction_norm = norm(g_c);
  return cosine(g_c, g0);
}

LinearLabResult run_linear_lab(const LinearLabConfig& c) {
  InputStream stream(c, c.seed);
  const Vec w_true = stream.fresh();
  std::vector<Vec> held_out;
  for (int i = 0; i < 64; ++i) held_out.push_back(stream.masked(stream.fresh()));

  LinearLabResult result;
  Vec plain(c.dim, 0.0), student(c.dim, 0.0), teacher(c.dim, 0.0), ball(c.dim, 0.0),
      velocity(c.dim, 0.0);
  Vec previous_x, previous_total;
  for (int t = 0; t < c.steps; ++t) {
    const Vec x = stream.next();
    const double y = dot(w_true, x);
    axpy(plain, -c.lr, reconstruction_gradient(plain, x, y));

    // Heavy ball in its averaged form, v = beta v + (1 - beta) G, so its long-run step
    // size equals the plain model's and only the memory of old gradients differs.
    Vec grad = reconstruction_gradient(ball, x, y);
    for (int i = 0; i < c.dim; ++i)
      velocity[i] = c.momentum * velocity[i] + (1 - c.momentum) * grad[i];
    axpy(ball, -c.lr, velocity);

    const Vec g_r = reconstruction_gradient(student, x, y);
    const Vec g_c = consistency_gradient(student, teacher, x);
    Vec total = g_r;
    axpy(total, c.gamma, g_c);
    if (!previous_total.empty() && norm(g_c) > 0)
      result.trajectory.push_back({cosine(x, previous_x), cosine(g_c, previous_total)});
    axpy(student, -c.lr, total);
    ema_update(teacher, student, c.momentum);
    result.correction_norm.push_back(c.gamma * norm(g_c));
    previous_x = x;
    previous_total = total;

    result.loss_plain.push_back(held_out_loss(plain, w_true, held_out));
    result.loss_teacher.push_back(held_out_loss(student, w_true, held_out));
    result.loss_heavy_ball.push_back(held_out_loss(ball, w_true, held_out));
  }

  // Fresh one-history episodes: x_1 drawn with the configured correlation to x_0.
  InputStream episodes(c, c.seed + 1);
  for (int e = 0; e < c.episodes; ++e) {
    const Vec x0 = episodes.next(), x1 = episodes.next();
    const Vec theta0 = episodes.fresh();
    result.one_history.push_back(
        {cosine(x1, x0), one_history_cosine(x0, x1, theta0, w_true, c.lr, c.momentum)});
  }
  return result;
}

}  // namespace rcmae
