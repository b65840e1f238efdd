#include "rcmae/io/mae_state_dict.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "python_state_dict_reader.h"
#include "rcmae/util/error_text.h"

namespace rcmae {
namespace {

std::string shape_text(at::IntArrayRef sizes) {
  std::ostringstream out;
  out << "[";
  for (size_t i = 0; i < sizes.size(); ++i) out << (i ? ", " : "") << sizes[i];
  out << "]";
  return out.str();
}

// c10 messages carry a C++ backtrace after the first line; keep the first line only.
std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StateDictError(path + ": cannot open the file");
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) throw StateDictError(path + ": the file is empty");
  return bytes;
}

// A temporary file beside `path`, renamed over it: a reader (or a crash) never sees half a
// file. The temporary name is unique per process, so two writers do not share it.
void write_bytes(const std::vector<char>& bytes, const std::string& path) {
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw StateDictError(path + ": cannot create the file");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      throw StateDictError(path + ": writing failed (disk full?)");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    throw StateDictError(path + ": cannot replace the file (" + error.message() + ")");
  }
}

}  // namespace

std::vector<std::pair<std::string, torch::Tensor>> mae_state_dict(const MaeVit& model) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& item : model->named_parameters())
    out.emplace_back(item.key(), item.value().detach().to(torch::kCPU).clone());
  for (const auto& item : model->named_buffers())
    out.emplace_back(item.key(), item.value().detach().to(torch::kCPU).clone());
  return out;
}

std::vector<std::pair<std::string, torch::Tensor>> vit_classifier_state_dict(
    const MaeVit& encoder, const torch::nn::LayerNorm& fc_norm, const torch::nn::Linear& head) {
  const bool global_pool = !fc_norm.is_empty();
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (auto& [name, tensor] : mae_state_dict(encoder)) {
    const bool final_norm = name.rfind("norm.", 0) == 0;
    if (!is_decoder_weight(name) && !(global_pool && final_norm))
      out.emplace_back(name, std::move(tensor));
  }
  auto add = [&out](const std::string& prefix, const torch::nn::Module& module) {
    for (const auto& item : module.named_parameters())
      out.emplace_back(prefix + item.key(), item.value().detach().to(torch::kCPU).clone());
  };
  if (global_pool) add("fc_norm.", *fc_norm);
  add("head.", *head);
  return out;
}

void save_tensor_dict(const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::string& path) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, tensor] : tensors) dict.insert(name, tensor.contiguous());
  write_bytes(torch::pickle_save(c10::IValue(dict)), path);
}

void export_state_dict(const MaeVit& model, const std::string& path) {
  save_tensor_dict(mae_state_dict(model), path);
}

std::vector<std::pair<std::string, torch::Tensor>> read_tensor_dict(const std::string& path) {
  const std::vector<char> bytes = read_bytes(path);
  c10::IValue value;
  try {
    value = torch::pickle_load(bytes);
  } catch (const std::exception& error) {
    // LibTorch 1.13 cannot unpickle the OrderedDict of Python's model.state_dict(): read
    // those zip archives with our own small reader.
    const bool zip = bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
    if (!zip)
      throw StateDictError(path + ": not a PyTorch state dict file (torch.save format): " +
                           first_line(error.what()));
    try {
      auto tensors = detail::read_python_state_dict(path);
      if (tensors.empty()) throw std::runtime_error("the dict holds no tensors");
      return tensors;
    } catch (const std::exception& fallback) {
      throw StateDictError(path + ": not a PyTorch state dict file (torch.save format): " +
                           first_line(fallback.what()));
    }
  }
  if (!value.isGenericDict())
    throw StateDictError(path + ": holds a " + value.tagKind() +
                         ", expected a dict of tensors (torch.save(model.state_dict()))");
  auto dict = value.toGenericDict();
  for (const char* wrapper : {"model", "state_dict"}) {
    auto found = dict.find(c10::IValue(std::string(wrapper)));
    if (found != dict.end() && found->value().isGenericDict()) {
      dict = found->value().toGenericDict();
      break;
    }
  }
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& entry : dict) {
    if (!entry.key().isString())
      throw StateDictError(path + ": a key is a " + entry.key().tagKind() +
                           ", expected parameter names");
    const std::string name = entry.key().toStringRef();
    if (!entry.value().isTensor())
      throw StateDictError(path + ": '" + name + "' is a " + entry.value().tagKind() +
                           ", expected a tensor");
    out.emplace_back(name, entry.value().toTensor());
  }
  if (out.empty()) throw StateDictError(path + ": the dict holds no tensors");
  return out;
}

bool is_decoder_weight(const std::string& name) {
  return name.rfind("decoder_", 0) == 0 || name == "mask_token";
}

WeightsLoaded load_state_dict(MaeVit& model,
                              const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                              const std::string& origin, DecoderWeights decoder) {
  std::map<std::string, torch::Tensor> given;
  bool file_has_decoder = false;
  for (const auto& [name, tensor] : tensors) {
    given[name] = tensor;
    file_has_decoder = file_has_decoder || is_decoder_weight(name);
  }
  // An encoder-only file (no decoder key at all) may stand in where only the encoder is
  // used; a file with part of a decoder is refused below like any other missing key.
  const bool skip_decoder = decoder == DecoderWeights::Optional && !file_has_decoder;

  struct Target {
    std::string name;
    torch::Tensor destination;
    bool required;
  };
  std::vector<Target> targets;
  for (const auto& item : model->named_parameters())
    if (!(skip_decoder && is_decoder_weight(item.key())))
      targets.push_back({item.key(), item.value(), true});
  for (const auto& item : model->named_buffers())
    if (!(skip_decoder && is_decoder_weight(item.key())))
      targets.push_back({item.key(), item.value(), false});

  // Check everything first: a refused file leaves the model untouched.
  std::map<std::string, bool> known;
  for (const auto& target : targets) {
    known[target.name] = true;
    auto found = given.find(target.name);
    if (found == given.end()) {
      if (target.required)
        throw StateDictError(origin + ": missing key '" + target.name + "' (model shape " +
                             shape_text(target.destination.sizes()) + "; the file has " +
                             std::to_string(given.size()) + " tensors)");
      continue;
    }
    const auto& source = found->second;
    if (source.sizes() != target.destination.sizes())
      throw StateDictError(origin + ": shape mismatch for '" + target.name + "': file " +
                           shape_text(source.sizes()) + ", model " +
                           shape_text(target.destination.sizes()) +
                           " (preset, --img, --channels and --patch must match the weights)");
    if (!source.is_floating_point())
      throw StateDictError(origin + ": '" + target.name + "' has dtype " +
                           std::string(c10::toString(source.scalar_type())) +
                           ", expected a floating-point tensor");
  }
  for (const auto& [name, tensor] : given)
    if (!known.count(name))
      throw StateDictError(origin + ": unexpected key '" + name + "' " +
                           shape_text(tensor.sizes()) + " (not a parameter of this model)");

  torch::NoGradGuard no_grad;
  for (const auto& target : targets) {
    auto found = given.find(target.name);
    if (found != given.end()) target.destination.copy_(found->second);
  }
  return WeightsLoaded{!skip_decoder};
}

WeightsLoaded import_state_dict(MaeVit& model, const std::string& path, DecoderWeights decoder) {
  return load_state_dict(model, read_tensor_dict(path), path, decoder);
}

}  // namespace rcmae
