#!/usr/bin/python3
"""Plain PyTorch (eager) reference of the MAE / RC-MAE training step of docs/rcmae-method.md.

Written for this project from the method description, with the public MAE parameter names so
that a state dict exported by `rcmae export` loads one to one.

Two uses:
  * a benchmark that mirrors `rcmae bench` (one JSON line on stdout):
      /usr/bin/python3 bench/reference_step.py --preset tiny --img 32 --channels 3 --patch 4 \
          --batch 128 --mode rcmae --steps 20 --warmup 3 --threads 2
  * a library for the parity test (tests/python/parity_check.py): MaeVit, patch_targets,
    masked_mse, masking_from_shuffle, make_adamw, learning_rate_at, momentum_at, TrainState.

Needs Debian's torch: run it with /usr/bin/python3.
"""
import argparse
import json
import math
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# enc dim / depth / heads, dec dim / depth / heads (docs/rcmae-method.md §4; micro: tests).
PRESETS = {
    "micro": (32, 2, 2, 32, 1, 2),
    # the widths of `rcmae --recipe teaching` (core/src/train/recipe.cpp), for RECIPE=teaching
    "teaching": (96, 3, 4, 64, 1, 4),
    "tiny": (192, 12, 3, 128, 2, 4),
    "small": (384, 12, 6, 256, 4, 8),
    "base": (768, 12, 12, 512, 8, 16),
}


class ModelConfig:
    def __init__(self, preset="tiny", img=32, channels=3, patch=4, norm_pix=True, mlp_ratio=4):
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r} (choose one of {', '.join(PRESETS)})")
        (self.enc_dim, self.enc_depth, self.enc_heads,
         self.dec_dim, self.dec_depth, self.dec_heads) = PRESETS[preset]
        self.preset, self.img, self.channels, self.patch = preset, img, channels, patch
        self.norm_pix, self.mlp_ratio = norm_pix, mlp_ratio
        if img % patch:
            raise ValueError(f"image size {img} is not divisible by the patch size {patch}")

    @property
    def grid(self):
        return self.img // self.patch

    @property
    def num_patches(self):
        return self.grid * self.grid

    @property
    def patch_dim(self):
        return self.patch * self.patch * self.channels


# ---------------------------------------------------------------------------------------------
# Fixed 2-D sin-cos positional tables (float64 then float32, as numpy upstream).

def sincos_1d(dim, positions):
    omega = torch.arange(dim // 2, dtype=torch.float64) / (dim / 2.0)
    omega = 1.0 / 10000.0 ** omega
    out = positions.to(torch.float64).reshape(-1)[:, None] * omega[None, :]
    return torch.cat([torch.sin(out), torch.cos(out)], dim=1)


def sincos_2d(dim, grid):
    """[grid*grid, dim]; patch l = row*grid + col. The first half of the channels encodes the
    column index (upstream's meshgrid(w, h) puts w first), the second half the row index."""
    assert dim % 4 == 0
    coords = torch.arange(grid, dtype=torch.float64)
    col = coords.repeat(grid)
    row = coords.repeat_interleave(grid)
    return torch.cat([sincos_1d(dim // 2, col), sincos_1d(dim // 2, row)], dim=1).float()


def table_with_cls(dim, grid):
    return torch.cat([torch.zeros(1, dim), sincos_2d(dim, grid)], dim=0).unsqueeze(0)


# ---------------------------------------------------------------------------------------------
# Model

class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = 1.0 / math.sqrt(dim // heads)
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = torch.matmul(q * self.scale, k.transpose(-2, -1)).softmax(-1)
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, c)
        return self.proj(out)


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, dim * mlp_ratio)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, channels, patch, dim):
        super().__init__()
        self.proj = nn.Conv2d(channels, dim, kernel_size=patch, stride=patch)

    def forward(self, images):
        return self.proj(images).flatten(2).transpose(1, 2)


class MaeVit(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.patch_embed = PatchEmbed(cfg.channels, cfg.patch, cfg.enc_dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, cfg.enc_dim))
        self.register_buffer("pos_embed", table_with_cls(cfg.enc_dim, cfg.grid))
        self.blocks = nn.ModuleList(
            [Block(cfg.enc_dim, cfg.enc_heads, cfg.mlp_ratio) for _ in range(cfg.enc_depth)])
        self.norm = nn.LayerNorm(cfg.enc_dim, eps=1e-6)
        self.decoder_embed = nn.Linear(cfg.enc_dim, cfg.dec_dim)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, cfg.dec_dim))
        self.register_buffer("decoder_pos_embed", table_with_cls(cfg.dec_dim, cfg.grid))
        self.decoder_blocks = nn.ModuleList(
            [Block(cfg.dec_dim, cfg.dec_heads, cfg.mlp_ratio) for _ in range(cfg.dec_depth)])
        self.decoder_norm = nn.LayerNorm(cfg.dec_dim, eps=1e-6)
        self.decoder_pred = nn.Linear(cfg.dec_dim, cfg.patch_dim)
        self._init_weights()

    @torch.no_grad()
    def _init_weights(self):
        w = self.patch_embed.proj.weight
        nn.init.xavier_uniform_(w.view(w.shape[0], -1))
        nn.init.normal_(self.cls_token, std=0.02)
        nn.init.normal_(self.mask_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward_encoder(self, images, plan):
        x = self.patch_embed(images) + self.pos_embed[:, 1:, :]
        x = torch.gather(x, 1, plan.ids_keep.unsqueeze(-1).expand(-1, -1, x.shape[2]))
        cls = (self.cls_token + self.pos_embed[:, :1, :]).expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)

    def forward_decoder(self, latent, plan):
        x = self.decoder_embed(latent)
        n, visible, total = x.shape[0], x.shape[1] - 1, plan.ids_restore.shape[1]
        mask_tokens = self.mask_token.expand(n, total - visible, -1)
        patches = torch.cat([x[:, 1:, :], mask_tokens], dim=1)
        patches = torch.gather(patches, 1,
                               plan.ids_restore.unsqueeze(-1).expand(-1, -1, x.shape[2]))
        x = torch.cat([x[:, :1, :], patches], dim=1) + self.decoder_pos_embed
        for blk in self.decoder_blocks:
            x = blk(x)
        x = self.decoder_pred(self.decoder_norm(x))
        return x[:, 1:, :]

    def forward(self, images, plan):
        return self.forward_decoder(self.forward_encoder(images, plan), plan)


# ---------------------------------------------------------------------------------------------
# Masking, targets, losses

class MaskPlan:
    def __init__(self, ids_shuffle, len_keep):
        self.ids_shuffle = ids_shuffle
        self.len_keep = len_keep
        self.ids_restore = torch.argsort(ids_shuffle, dim=1)
        self.ids_keep = ids_shuffle[:, :len_keep]
        shuffled = torch.ones(ids_shuffle.shape, dtype=torch.float32)
        shuffled[:, :len_keep] = 0
        self.mask = torch.gather(shuffled, 1, self.ids_restore)


def kept_patch_count(num_patches, mask_ratio):
    return int(num_patches * (1 - mask_ratio))


def random_masking(batch, num_patches, mask_ratio, generator=None):
    noise = torch.rand(batch, num_patches, generator=generator)
    return MaskPlan(torch.argsort(noise, dim=1), kept_patch_count(num_patches, mask_ratio))


def patchify(images, p):
    n, c, h, w = images.shape
    x = images.reshape(n, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1)
    return x.reshape(n, (h // p) * (w // p), p * p * c)


def patch_targets(images, p, norm_pix):
    t = patchify(images, p)
    if not norm_pix:
        return t
    mean = t.mean(-1, keepdim=True)
    var = t.var(-1, unbiased=True, keepdim=True)
    return (t - mean) / torch.sqrt(var + 1e-6)


def masked_mse(pred, target, mask):
    return (((pred - target) ** 2).mean(-1) * mask).sum() / mask.sum()


# ---------------------------------------------------------------------------------------------
# Optimiser, schedules, EMA teacher, one step

def make_adamw(model, lr, weight_decay=0.05):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (decay if p.dim() > 1 and not name.endswith(".bias") else no_decay).append(p)
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr, betas=(0.9, 0.95), foreach=False)


def learning_rate_at(step, total, warmup, peak):
    if step < warmup:
        return peak * step / warmup
    if total <= warmup:
        return peak
    progress = min(max((step - warmup) / (total - warmup), 0.0), 1.0)
    return peak * 0.5 * (1.0 + math.cos(math.pi * progress))


def momentum_at(step, total, m0, schedule="constant"):
    if schedule == "constant" or total <= 0:
        return m0
    progress = min(max(step / total, 0.0), 1.0)
    return 1.0 - (1.0 - m0) * 0.5 * (1.0 + math.cos(math.pi * progress))


def make_teacher(student):
    teacher = MaeVit(student.cfg)
    teacher.load_state_dict(student.state_dict())
    for p in teacher.parameters():
        p.requires_grad_(False)
    return teacher.eval()


class TrainState:
    """Student, optional EMA teacher (mode rcmae) and AdamW; step() is one optimiser step."""

    def __init__(self, student, mode="rcmae", lr=1.5e-4, weight_decay=0.05, gamma=1.0):
        self.student = student
        self.teacher = make_teacher(student) if mode != "mae" else None
        self.optimizer = make_adamw(student, lr, weight_decay)
        self.gamma = gamma
        self._student_params = list(student.parameters())
        self._teacher_params = list(self.teacher.parameters()) if self.teacher else []

    def step(self, images, plan, lr, momentum):
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        cfg = self.student.cfg
        target = patch_targets(images, cfg.patch, cfg.norm_pix)
        pred = self.student(images, plan)
        loss_rec = masked_mse(pred, target, plan.mask)
        loss, loss_cons = loss_rec, None
        if self.teacher is not None and self.gamma > 0:
            with torch.inference_mode():
                teacher_pred = self.teacher(images, plan)
            loss_cons = masked_mse(pred, teacher_pred, plan.mask)
            loss = loss_rec + self.gamma * loss_cons
        record = {"loss": loss.item(), "loss_rec": loss_rec.item(),
                  "loss_cons": loss_cons.item() if loss_cons is not None else 0.0}
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        if self.teacher is not None:
            with torch.no_grad():
                torch._foreach_mul_(self._teacher_params, momentum)
                torch._foreach_add_(self._teacher_params, self._student_params,
                                    alpha=1.0 - momentum)
        return record


# ---------------------------------------------------------------------------------------------
# Benchmark (mirrors rcmae bench's JSON fields)

def block_flops(tokens, dim, mlp_ratio):
    return (2 * tokens * dim * 3 * dim + 2 * tokens * dim * dim
            + 2 * 2 * tokens * dim * mlp_ratio * dim + 4 * tokens * tokens * dim)


def step_matmul_flops(cfg, batch, mask_ratio, teacher):
    patches = cfg.num_patches
    enc_tokens = 1 + kept_patch_count(patches, mask_ratio)
    dec_tokens = 1 + patches
    f = 2 * patches * cfg.patch_dim * cfg.enc_dim
    f += cfg.enc_depth * block_flops(enc_tokens, cfg.enc_dim, cfg.mlp_ratio)
    f += 2 * enc_tokens * cfg.enc_dim * cfg.dec_dim
    f += cfg.dec_depth * block_flops(dec_tokens, cfg.dec_dim, cfg.mlp_ratio)
    f += 2 * dec_tokens * cfg.dec_dim * cfg.patch_dim
    f *= batch
    return 3 * f + (f if teacher else 0)


def sgemm_gflops():
    with torch.no_grad():
        a, b, out = torch.randn(1024, 1024), torch.randn(1024, 1024), torch.empty(1024, 1024)
        for _ in range(3):
            torch.mm(a, b, out=out)
        rates = []
        for _ in range(15):
            t0 = time.perf_counter()
            torch.mm(a, b, out=out)
            rates.append(2.0 * 1024 ** 3 / (time.perf_counter() - t0) / 1e9)
    return statistics.median(rates)


def peak_rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def blas_core():
    """OpenBLAS's kernel family (e.g. 'Prescott' = generic SSE3, 'Cooperlake'), if OpenBLAS."""
    try:
        import ctypes
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return "unknown"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--preset", default="tiny", choices=sorted(PRESETS))
    ap.add_argument("--img", type=int, default=32)
    ap.add_argument("--channels", type=int, default=3)
    ap.add_argument("--patch", type=int, default=4)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--mode", default="rcmae", choices=["mae", "rcmae"])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="0: os.cpu_count()")
    ap.add_argument("--mask-ratio", type=float, default=0.75)
    ap.add_argument("--momentum", type=float, default=0.996)
    ap.add_argument("--base-lr", type=float, default=1.5e-4)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    if a.steps < 1 or a.warmup < 0:
        ap.error("--steps must be >= 1 and --warmup >= 0")

    import os
    torch.set_num_threads(a.threads if a.threads > 0 else (os.cpu_count() or 1))
    torch.manual_seed(a.seed)
    cfg = ModelConfig(a.preset, a.img, a.channels, a.patch)
    peak = a.base_lr * a.batch / 256.0
    total = a.warmup + a.steps
    lr_warmup = max(1, int(0.025 * total))  # the C++ default: 2.5 % of the steps
    state = TrainState(MaeVit(cfg), a.mode, lr=peak)
    gen = torch.Generator().manual_seed(a.seed * 2654435761 + 17)
    images = torch.randn(a.batch, a.channels, a.img, a.img, generator=gen)
    print(f"reference: {a.preset} {a.mode} img {a.img} patch {a.patch} batch {a.batch}, "
          f"{torch.get_num_threads()} threads, {a.steps} steps after {a.warmup} warm-up",
          file=sys.stderr)
    times = []
    for step in range(total):
        t0 = time.perf_counter()
        plan = random_masking(a.batch, cfg.num_patches, a.mask_ratio, gen)
        state.step(images, plan, learning_rate_at(step, total, lr_warmup, peak),
                   momentum_at(step, total, a.momentum))
        if step >= a.warmup:
            times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    times_sorted = sorted(times)
    p90 = times_sorted[min(len(times) - 1, int(0.9 * (len(times) - 1) + 0.5))]
    gflop = step_matmul_flops(cfg, a.batch, a.mask_ratio, a.mode != "mae") / 1e9
    sg = sgemm_gflops()
    out = {"impl": "pytorch-eager", "torch": torch.__version__, "mode": a.mode,
           "preset": a.preset, "img": a.img, "channels": a.channels, "patch": a.patch,
           "batch": a.batch, "threads": torch.get_num_threads(), "steps": a.steps,
           "step_s_median": med, "step_s_p90": p90, "images_per_s": a.batch / med,
           "peak_rss_mb": peak_rss_mb(), "gflop_per_step": gflop,
           "gflops_achieved": gflop / med, "sgemm_gflops": sg,
           "efficiency": gflop / med / sg if sg > 0 else 0, "blas_core": blas_core()}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
