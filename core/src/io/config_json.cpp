#include "rcmae/io/config_json.h"

namespace rcmae {

nlohmann::json to_json(const DatasetInfo& d) {
  return {{"name", d.name},
          {"train_size", d.train_size},
          {"test_size", d.test_size},
          {"channels", d.channels},
          {"native_height", d.native_height},
          {"native_width", d.native_width},
          {"num_classes", d.num_classes},
          {"mean", d.mean},
          {"std", d.std}};
}

}  // namespace rcmae
