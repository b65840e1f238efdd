#!/usr/bin/python3
"""A model written by `rcmae finetune --save-model FILE.pth` runs in plain PyTorch.

Run by tests/cli/finetune_save_model.cmake. Rebuilds MAE's models_vit.VisionTransformer from
FILE.json (a plain-PyTorch copy below, with timm's parameter names and models_vit's forward,
since timm itself is not needed for that), loads FILE.pth with strict=True, prepares the
Fashion-MNIST test images the C++ side scored with the normalisation FILE.json gives, and
compares the top-1 with the C++ one recorded there. A state dict with a key missing or one
too many must be refused. Prints one JSON line; exit 1 if any check fails.

  /usr/bin/python3 tests/python/finetune_model_check.py FILE.pth FASHION_MNIST_DIR
      [--items RUN/finetune_items.csv]   # also image by image against what the C++ side kept
      [--write-items OUT.csv]            # keep PyTorch's per-image results in that format

--write-items is for fine-tunes saved before the engine kept finetune_items.csv: their saved
models give the per-image results `rcmae compare --finetune` pairs on.
"""
import csv
import argparse
import gzip
import json
import os
import sys
from functools import partial

import torch
import torch.nn as nn

# -------------------------------------------------------------------------------------------
# models_vit.VisionTransformer (facebookresearch/mae) on timm's VisionTransformer, reduced to
# what has parameters or computes: same submodule names, same forward.


class PatchEmbed(nn.Module):
    def __init__(self, img_size, patch_size, in_chans, embed_dim):
        super().__init__()
        self.num_patches = (img_size // patch_size) ** 2
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, num_heads, qkv_bias):
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.num_heads, c // self.num_heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)
        attn = (q @ k.transpose(-2, -1)) * self.scale
        x = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x)


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, num_heads, mlp_ratio, qkv_bias, norm_layer):
        super().__init__()
        self.norm1 = norm_layer(dim)
        self.attn = Attention(dim, num_heads, qkv_bias)
        self.norm2 = norm_layer(dim)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, img_size=224, patch_size=16, in_chans=3, num_classes=1000, embed_dim=768,
                 depth=12, num_heads=12, mlp_ratio=4.0, qkv_bias=True, norm_layer=None,
                 global_pool=False):
        super().__init__()
        norm_layer = norm_layer or partial(nn.LayerNorm, eps=1e-6)
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches + 1, embed_dim))
        self.blocks = nn.ModuleList([Block(embed_dim, num_heads, mlp_ratio, qkv_bias, norm_layer)
                                     for _ in range(depth)])
        self.norm = norm_layer(embed_dim)
        self.head = nn.Linear(embed_dim, num_classes)
        self.global_pool = global_pool
        if global_pool:  # models_vit: fc_norm replaces norm
            self.fc_norm = norm_layer(embed_dim)
            del self.norm

    def forward_features(self, x):
        x = self.patch_embed(x)
        x = torch.cat((self.cls_token.expand(x.shape[0], -1, -1), x), dim=1)
        x = x + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        if self.global_pool:
            return self.fc_norm(x[:, 1:, :].mean(dim=1))
        return self.norm(x)[:, 0]

    def forward(self, x):
        return self.head(self.forward_features(x))


# -------------------------------------------------------------------------------------------
# The test images the C++ side scored.

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def splitmix64(x):
    mask = (1 << 64) - 1
    x = (x + 0x9E3779B97F4A7C15) & mask
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def spaced_indices(size, count):
    """rcmae's choice of `count` images spread over a split (eval/labelled_eval_set.cpp)."""
    count = min(count, size)
    out = []
    for i in range(count):
        begin, end = i * size // count, (i + 1) * size // count
        out.append(begin + splitmix64(i) % (end - begin))
    return out


def test_images(folder, info):
    images = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz")).long()
    pick = torch.tensor(spaced_indices(images.shape[0], info["test_images"]))
    pre = info["preprocess"]
    assert pre["img_size"] == images.shape[1] == images.shape[2], "the test uses native 28 px"
    mean = torch.tensor(pre["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(pre["std"], dtype=torch.float32).view(1, -1, 1, 1)
    x = images[pick].unsqueeze(1).float() / 255.0
    return (x - mean) / std, labels[pick]


# -------------------------------------------------------------------------------------------
# finetune_items.csv (core/run/include/rcmae/run/paired_items.h): metric,item,numerator,
# denominator; a fine-tune's metric is "<init>_finetune_top1", numerator 1 when right.


def read_items(path, metric):
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["metric"] == metric]
    return [float(r["numerator"]) for r in sorted(rows, key=lambda r: int(r["item"]))]


def write_items(path, metric, right):
    if os.path.exists(path):
        raise SystemExit(f"{path}: exists; not overwritten")
    with open(path, "w", newline="") as f:
        f.write("metric,item,numerator,denominator\n")
        for i, r in enumerate(right):
            f.write(f"{metric},{i},{int(r)},1\n")


def strict_load_refuses(model, state, change):
    broken = dict(state)
    change(broken)
    try:
        model.load_state_dict(broken, strict=True)
    except RuntimeError:
        return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("fashion_mnist")
    ap.add_argument("--tie", type=float, default=1e-4,
                    help="top-2 logit gap below which an image's class may differ")
    ap.add_argument("--items", help="the C++ side's finetune_items.csv to compare image by image")
    ap.add_argument("--write-items", help="write PyTorch's per-image results there")
    a = ap.parse_args()
    torch.set_num_threads(1)
    with open(os.path.splitext(a.model)[0] + ".json") as f:
        info = json.load(f)

    state = torch.load(a.model)
    plain = type(state) is dict and all(torch.is_tensor(v) for v in state.values())
    model = VisionTransformer(**info["model"],
                              norm_layer=partial(nn.LayerNorm, eps=info["layer_norm_eps"]))
    model.load_state_dict(state, strict=True)  # raises on any missing or unexpected key
    model.eval()

    images, labels = test_images(a.fashion_mnist, info)
    with torch.no_grad():
        logits = torch.cat([model(images[i:i + 250]) for i in range(0, len(images), 250)])
        # The same model in float64: how far float32 rounding alone moves the logits. The C++
        # side rounds differently (its fused attention and GELU kernels, OpenCV's scaling of
        # the pixels), by about as much, so an image whose two best logits are closer than
        # --tie may go either way; the tie margin must dwarf that noise.
        exact = torch.cat([model.double()(images[i:i + 250].double())
                           for i in range(0, len(images), 250)])
        model.float()
    noise = (logits.double() - exact).abs().max().item()
    predicted = logits.argmax(1)
    py_correct = int((predicted == labels).sum())
    top2 = logits.topk(2, dim=1).values
    ties = int(((top2[:, 0] - top2[:, 1]) < a.tie).sum())
    cpp_correct = round(info["top1"] * info["test_images"])

    # The other pooling's norm: what a file saved with the wrong --pool would carry.
    other_norm = "norm.weight" if info["model"]["global_pool"] else "fc_norm.weight"

    def add_other_norm(d):
        d[other_norm] = torch.ones(info["model"]["embed_dim"])

    right = (predicted == labels).tolist()
    metric = info["init"] + "_finetune_top1"
    if a.write_items:
        write_items(a.write_items, metric, right)
    near_tie = ((top2[:, 0] - top2[:, 1]) < a.tie).tolist()
    checks = {}
    if a.items:
        kept = read_items(a.items, metric)
        differ = [i for i, (k, r) in enumerate(zip(kept, right)) if k != float(r)]
        checks["same_images"] = len(kept) == len(right) and all(near_tie[i] for i in differ)
        checks["images_differing"] = len(differ)
    checks.update({
        "plain_dict": plain,
        "tie_margin_above_noise": a.tie >= 10 * noise,
        "same_top1": abs(py_correct - cpp_correct) <= ties,
        "missing_key_refused": strict_load_refuses(model, state, lambda d: d.pop("head.bias")),
        "extra_key_refused": strict_load_refuses(model, state, add_other_norm),
    })
    report = {"ok": all(v for k, v in checks.items() if k != "images_differing"), "pooling": info["pooling"],
              "cpp_top1": info["top1"], "py_top1": py_correct / len(labels),
              "images": len(labels), "cpp_correct": cpp_correct, "py_correct": py_correct,
              "near_ties": ties, "float32_noise": noise, "keys": len(state), **checks}
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
