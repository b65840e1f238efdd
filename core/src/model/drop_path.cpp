#include "rcmae/model/drop_path.h"

#include <stdexcept>

namespace rcmae {

std::vector<double> drop_path_rates(int64_t depth, double rate) {
  std::vector<double> rates(static_cast<size_t>(std::max<int64_t>(depth, 0)), 0.0);
  for (int64_t i = 1; i < depth; ++i)
    rates[static_cast<size_t>(i)] = rate * static_cast<double>(i) / static_cast<double>(depth - 1);
  return rates;
}

torch::Tensor draw_branch_keep(int64_t batch, int64_t depth, double rate, at::Generator& generator,
                               torch::Device device) {
  if (!(rate >= 0 && rate < 1)) throw std::invalid_argument("drop path rate must be in [0, 1)");
  const auto rates = drop_path_rates(depth, rate);
  const auto drop =
      torch::tensor(std::vector<float>(rates.begin(), rates.end())).view({1, depth, 1});
  const auto uniform = torch::rand({batch, depth, 2}, generator);
  // u >= p keeps with probability 1 - p; p = 0 always keeps (u lies in [0, 1)).
  const auto keep = uniform.ge(drop).to(torch::kFloat) / (1 - drop);
  return keep.to(device);
}

}  // namespace rcmae
