#include "python_state_dict_reader.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <variant>

namespace rcmae::detail {
namespace {

struct Value;
using ValuePtr = std::shared_ptr<Value>;
struct Global {
  std::string name;  // "module qualname"
};
struct Storage {
  torch::Tensor flat;  // 1-D, the whole storage
};
struct Mark {};
using List = std::vector<ValuePtr>;
using Dict = std::vector<std::pair<ValuePtr, ValuePtr>>;
struct Value {
  std::variant<std::monostate, int64_t, double, bool, std::string, List, Dict, torch::Tensor,
               Global, Storage, Mark>
      v;
  bool is_tuple = false;
};

ValuePtr make(decltype(Value::v) v, bool tuple = false) {
  auto out = std::make_shared<Value>();
  out->v = std::move(v);
  out->is_tuple = tuple;
  return out;
}

c10::ScalarType storage_dtype(const std::string& global) {
  static const std::map<std::string, c10::ScalarType> types = {
      {"torch FloatStorage", torch::kFloat32}, {"torch DoubleStorage", torch::kFloat64},
      {"torch HalfStorage", torch::kFloat16},  {"torch BFloat16Storage", torch::kBFloat16},
      {"torch LongStorage", torch::kInt64},    {"torch IntStorage", torch::kInt32},
      {"torch ShortStorage", torch::kInt16},   {"torch CharStorage", torch::kInt8},
      {"torch ByteStorage", torch::kUInt8},    {"torch BoolStorage", torch::kBool}};
  auto found = types.find(global);
  if (found == types.end()) throw std::runtime_error("unsupported storage type " + global);
  return found->second;
}

class Interpreter {
 public:
  Interpreter(caffe2::serialize::PyTorchStreamReader& zip, const char* data, size_t size)
      : zip_(zip), p_(data), end_(data + size) {}

  ValuePtr run() {
    while (true) {
      const auto op = static_cast<unsigned char>(byte());
      switch (op) {
        case 0x80:
          byte();
          break;  // PROTO
        case 0x95:
          skip(8);
          break;  // FRAME
        case '.':
          return pop();  // STOP
        case '(':
          stack_.push_back(make(Mark{}));
          break;  // MARK
        case 'N':
          stack_.push_back(make(std::monostate{}));
          break;
        case 0x88:
          stack_.push_back(make(true));
          break;  // NEWTRUE
        case 0x89:
          stack_.push_back(make(false));
          break;  // NEWFALSE
        case 'J':
          stack_.push_back(make(int64_t(read_le<int32_t>())));
          break;
        case 'K':
          stack_.push_back(make(int64_t(read_le<uint8_t>())));
          break;
        case 'M':
          stack_.push_back(make(int64_t(read_le<uint16_t>())));
          break;
        case 0x8a: {  // LONG1
          const size_t n = read_le<uint8_t>();
          if (n > 8) throw std::runtime_error("integer too large");
          int64_t value = 0;
          for (size_t i = 0; i < n; ++i)
            value |= int64_t(static_cast<unsigned char>(byte())) << (8 * i);
          if (n > 0 && n < 8 && (value >> (8 * n - 1)) & 1) value -= int64_t(1) << (8 * n);
          stack_.push_back(make(value));
          break;
        }
        case 'G': {  // BINFLOAT (big endian)
          uint64_t bits = 0;
          for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(byte());
          double value;
          std::memcpy(&value, &bits, 8);
          stack_.push_back(make(value));
          break;
        }
        case 'X':
          stack_.push_back(make(text(read_le<uint32_t>())));
          break;  // BINUNICODE
        case 0x8c:
          stack_.push_back(make(text(read_le<uint8_t>())));
          break;     // SHORT_BINUNICODE
        case 'c': {  // GLOBAL
          std::string module = line(), name = line();
          stack_.push_back(make(Global{module + " " + name}));
          break;
        }
        case 'q':
          memo_[read_le<uint8_t>()] = top();
          break;  // BINPUT
        case 'r':
          memo_[read_le<uint32_t>()] = top();
          break;  // LONG_BINPUT
        case 0x94:
          memo_[memo_.size()] = top();
          break;  // MEMOIZE
        case 'h':
          stack_.push_back(memo(read_le<uint8_t>()));
          break;  // BINGET
        case 'j':
          stack_.push_back(memo(read_le<uint32_t>()));
          break;  // LONG_BINGET
        case ')':
          stack_.push_back(make(List{}, true));
          break;  // EMPTY_TUPLE
        case ']':
          stack_.push_back(make(List{}));
          break;  // EMPTY_LIST
        case '}':
          stack_.push_back(make(Dict{}));
          break;  // EMPTY_DICT
        case 't':
          stack_.push_back(make(pop_to_mark(), true));
          break;  // TUPLE
        case 'l':
          stack_.push_back(make(pop_to_mark()));
          break;  // LIST
        case 0x85:
        case 0x86:
        case 0x87: {  // TUPLE1..3
          List items(op - 0x84);
          for (size_t i = items.size(); i-- > 0;) items[i] = pop();
          stack_.push_back(make(std::move(items), true));
          break;
        }
        case 'a': {  // APPEND
          auto item = pop();
          as<List>(top(), "APPEND").push_back(item);
          break;
        }
        case 'e': {  // APPENDS
          auto items = pop_to_mark();
          auto& list = as<List>(top(), "APPENDS");
          list.insert(list.end(), items.begin(), items.end());
          break;
        }
        case 's': {  // SETITEM
          auto value = pop(), key = pop();
          as<Dict>(top(), "SETITEM").emplace_back(key, value);
          break;
        }
        case 'u': {  // SETITEMS
          auto items = pop_to_mark();
          auto& dict = as<Dict>(top(), "SETITEMS");
          for (size_t i = 0; i + 1 < items.size(); i += 2)
            dict.emplace_back(items[i], items[i + 1]);
          break;
        }
        case 'b':
          pop();
          break;     // BUILD: object attributes (OrderedDict._metadata): ignored
        case 'Q': {  // BINPERSID
          auto id = pop();
          stack_.push_back(load_storage(as<List>(id, "persistent id")));
          break;
        }
        case 'R': {  // REDUCE
          auto args = pop(), callable = pop();
          stack_.push_back(reduce(std::get<Global>(callable->v).name, as<List>(args, "REDUCE")));
          break;
        }
        default:
          throw std::runtime_error("unsupported pickle opcode 0x" + hex(op));
      }
    }
  }

 private:
  char byte() {
    if (p_ >= end_) throw std::runtime_error("truncated pickle");
    return *p_++;
  }
  void skip(size_t n) {
    if (size_t(end_ - p_) < n) throw std::runtime_error("truncated pickle");
    p_ += n;
  }
  template <typename T>
  T read_le() {
    T value{};
    if (size_t(end_ - p_) < sizeof(T)) throw std::runtime_error("truncated pickle");
    std::memcpy(&value, p_, sizeof(T));  // x86/ARM Linux: little endian
    p_ += sizeof(T);
    return value;
  }
  std::string text(size_t n) {
    const char* start = p_;
    skip(n);
    return std::string(start, n);
  }
  std::string line() {
    std::string out;
    for (char c = byte(); c != '\n'; c = byte()) out += c;
    return out;
  }
  static std::string hex(unsigned value) {
    const char* digits = "0123456789abcdef";
    return std::string{digits[(value >> 4) & 15], digits[value & 15]};
  }
  ValuePtr pop() {
    if (stack_.empty()) throw std::runtime_error("pickle stack underflow");
    auto v = stack_.back();
    stack_.pop_back();
    return v;
  }
  ValuePtr top() {
    if (stack_.empty()) throw std::runtime_error("pickle stack underflow");
    return stack_.back();
  }
  ValuePtr memo(size_t id) {
    auto found = memo_.find(id);
    if (found == memo_.end()) throw std::runtime_error("pickle memo entry missing");
    return found->second;
  }
  List pop_to_mark() {
    List items;
    while (true) {
      auto v = pop();
      if (std::holds_alternative<Mark>(v->v)) break;
      items.push_back(v);
    }
    return List(items.rbegin(), items.rend());
  }
  template <typename T>
  static T& as(const ValuePtr& v, const char* what) {
    if (!std::holds_alternative<T>(v->v))
      throw std::runtime_error(std::string("unexpected operand for ") + what);
    return std::get<T>(v->v);
  }
  static int64_t integer(const ValuePtr& v) { return as<int64_t>(v, "an integer"); }

  ValuePtr load_storage(const List& id) {
    // ('storage', <GLOBAL torch FloatStorage>, key, location, numel)
    if (id.size() < 5 || as<std::string>(id[0], "persistent id") != "storage")
      throw std::runtime_error("unsupported persistent id");
    const std::string key = as<std::string>(id[2], "storage key");
    auto cached = storages_.find(key);
    if (cached != storages_.end()) return cached->second;
    const auto dtype = storage_dtype(std::get<Global>(id[1]->v).name);
    const int64_t numel = integer(id[4]);
    auto [data, bytes] = zip_.getRecord("data/" + key);
    const size_t need = size_t(numel) * c10::elementSize(dtype);
    if (bytes < need) throw std::runtime_error("storage data/" + key + " is truncated");
    auto flat = torch::empty({numel}, torch::TensorOptions().dtype(dtype));
    std::memcpy(flat.data_ptr(), data.get(), need);
    return storages_[key] = make(Storage{flat});
  }

  ValuePtr reduce(const std::string& callable, const List& args) {
    if (callable == "collections OrderedDict") return make(Dict{});
    if (callable == "torch._utils _rebuild_tensor_v2" ||
        callable == "torch._utils _rebuild_tensor") {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks, ...)
      if (args.size() < 4) throw std::runtime_error("short _rebuild_tensor_v2 arguments");
      const auto& storage = as<Storage>(args[0], "_rebuild_tensor_v2").flat;
      std::vector<int64_t> size, stride;
      for (const auto& s : as<List>(args[2], "tensor size")) size.push_back(integer(s));
      for (const auto& s : as<List>(args[3], "tensor stride")) stride.push_back(integer(s));
      return make(storage.as_strided(size, stride, integer(args[1])).clone());
    }
    throw std::runtime_error("unsupported object " + callable + " (only tensors and dicts)");
  }

  caffe2::serialize::PyTorchStreamReader& zip_;
  const char* p_;
  const char* end_;
  std::vector<ValuePtr> stack_;
  std::map<size_t, ValuePtr> memo_;
  std::map<std::string, ValuePtr> storages_;
};

}  // namespace

std::vector<std::pair<std::string, torch::Tensor>> read_python_state_dict(const std::string& path) {
  caffe2::serialize::PyTorchStreamReader zip(path);
  auto [data, size] = zip.getRecord("data.pkl");
  Interpreter interpreter(zip, static_cast<const char*>(data.get()), size);
  ValuePtr root = interpreter.run();
  if (!std::holds_alternative<Dict>(root->v))
    throw std::runtime_error(
        "holds no dict, expected a dict of tensors (torch.save(model.state_dict()))");
  const Dict* dict = &std::get<Dict>(root->v);
  for (const auto& [key, value] : *dict) {  // MAE checkpoints wrap the weights in "model"
    const auto* name = std::get_if<std::string>(&key->v);
    if (name && (*name == "model" || *name == "state_dict") &&
        std::holds_alternative<Dict>(value->v)) {
      dict = &std::get<Dict>(value->v);
      break;
    }
  }
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& [key, value] : *dict) {
    const auto* name = std::get_if<std::string>(&key->v);
    if (!name) throw std::runtime_error("a key is not a string, expected parameter names");
    const auto* tensor = std::get_if<torch::Tensor>(&value->v);
    if (!tensor) throw std::runtime_error("'" + *name + "' is not a tensor");
    out.emplace_back(*name, *tensor);
  }
  return out;
}

}  // namespace rcmae::detail
