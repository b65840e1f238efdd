#!/usr/bin/python3
"""C++ vs PyTorch parity for the MAE / RC-MAE step (run by tests/cli/python_roundtrip.cmake).

Reads what `rcmae export --init ... --parity-dir DIR` wrote (model.pth, images.pt,
ids_shuffle.pt, losses.json, student_after.pth, teacher_after.pth), loads the weights with
torch.load into bench/reference_step.py's MaeVit, replays the same steps on the same images
and masks, and compares. Prints one JSON line; exit 1 if any check fails.

  /usr/bin/python3 tests/python/parity_check.py DIR [--tol 1e-5] [--param-tol 1e-4] [--exempt-key-bias]
Also writes DIR/py_student_after.pth (torch.save(state_dict())) and DIR/py_missing_key.pth
for the import checks of the CMake script.
"""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench"))
import reference_step as ref  # noqa: E402


def key_bias_slice(key, value):
    """The key third of an attention qkv bias ([q | k | v]), or None."""
    if not key.endswith("attn.qkv.bias"):
        return None
    width = value.numel() // 3
    return slice(width, 2 * width)


def max_param_diff(model, path, exempt_key_bias=False):
    """Largest weight difference and its tensor name.

    With exempt_key_bias the key part of every qkv bias is left out: its exact gradient is
    zero (adding a constant to every key adds the same q . b to a whole row of scores, which
    the softmax removes), so what each engine computes there is rounding noise of ~1e-9, and
    AdamW, which divides by the gradient's own running magnitude, turns that noise into
    steps of ~lr. Two correct engines that round differently disagree there by up to
    steps x lr, however exact both are elsewhere.
    """
    theirs = torch.load(path)
    ours = model.state_dict()
    worst, name = 0.0, ""
    for key, value in ours.items():
        diff = (value - theirs[key]).abs()
        part = key_bias_slice(key, value) if exempt_key_bias else None
        if part is not None:
            diff = diff.clone()
            diff[part] = 0
        d = diff.max().item()
        if d > worst:
            worst, name = d, key
    return worst, name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--tol", type=float, default=1e-5, help="max abs diff of losses")
    ap.add_argument("--param-tol", type=float, default=1e-4,
                    help="max abs diff of weights after the steps")
    ap.add_argument("--exempt-key-bias", action="store_true",
                    help="leave the key part of the qkv biases out of the weight comparison "
                         "(for engines that round differently, e.g. the fused attention kernel)")
    a = ap.parse_args()
    d = a.dir
    info = json.load(open(os.path.join(d, "losses.json")))
    m, t = info["model"], info["train"]
    torch.set_num_threads(int(t.get("threads", 1)))

    cfg = ref.ModelConfig(m["preset"], m["img"], m["channels"], m["patch"],
                          norm_pix=m["norm_pix_loss"], mlp_ratio=m["mlp_ratio"])
    for k in ("enc_dim", "enc_depth", "enc_heads", "dec_dim", "dec_depth", "dec_heads"):
        setattr(cfg, k, m[k])
    failures = []

    state = torch.load(os.path.join(d, "model.pth"))
    if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
        failures.append(f"model.pth: torch.load gave {type(state).__name__}, not a dict of tensors")
        print(json.dumps({"ok": False, "failures": failures}))
        return 1
    model = ref.MaeVit(cfg)
    expected = set(model.state_dict().keys())
    if set(state.keys()) != expected:
        failures.append(f"key sets differ: missing {sorted(expected - set(state))}, "
                        f"extra {sorted(set(state) - expected)}")
    # The fixed sin-cos tables are computed independently on both sides.
    pos_diff = max((model.pos_embed - state["pos_embed"]).abs().max().item(),
                   (model.decoder_pos_embed - state["decoder_pos_embed"]).abs().max().item())
    if pos_diff > 1e-6:
        failures.append(f"sin-cos tables differ by {pos_diff:g}")
    model.load_state_dict(state, strict=True)

    images = torch.load(os.path.join(d, "images.pt"))["images"]
    shuffles = torch.load(os.path.join(d, "ids_shuffle.pt"))["ids_shuffle"]
    len_keep = int(t["len_keep"])
    if len_keep != ref.kept_patch_count(cfg.num_patches, t["mask_ratio"]):
        failures.append("len_keep differs from int(L * (1 - ratio))")

    diffs = {}

    def compare(name, ours, theirs, tol):
        diff = abs(ours - theirs)
        diffs[name] = diff
        if not diff <= tol:  # NaN fails too
            failures.append(f"{name}: python {ours:.9g} vs C++ {theirs:.9g} (|diff| {diff:.3g})")

    with torch.no_grad():
        plan0 = ref.MaskPlan(shuffles[0], len_keep)
        target = ref.patch_targets(images, cfg.patch, cfg.norm_pix)
        init_loss = ref.masked_mse(model(images, plan0), target, plan0.mask).item()
    compare("init.loss_rec", init_loss, info["init"]["loss_rec"], a.tol)

    train = ref.TrainState(model, "rcmae", lr=t["peak_lr"], weight_decay=t["weight_decay"],
                           gamma=t["gamma"])
    py_steps = []
    for i, rec in enumerate(info["steps"]):
        lr = ref.learning_rate_at(i, t["total_steps"], t["warmup_steps"], t["peak_lr"])
        mom = ref.momentum_at(i, t["total_steps"], t["momentum"], t["momentum_schedule"])
        compare(f"step{i + 1}.lr", lr, rec["lr"], 1e-12)
        compare(f"step{i + 1}.momentum", mom, rec["momentum"], 1e-12)
        out = train.step(images, ref.MaskPlan(shuffles[i], len_keep), lr, mom)
        py_steps.append(out)
        for key in ("loss", "loss_rec", "loss_cons"):
            compare(f"step{i + 1}.{key}", out[key], rec[key], a.tol)
    if len(info["steps"]) >= 2 and not info["steps"][1]["loss_cons"] > 0:
        failures.append("C++ step-2 loss_cons is not positive: the teacher did not move")

    s_diff, s_name = max_param_diff(train.student, os.path.join(d, "student_after.pth"),
                                    a.exempt_key_bias)
    t_diff, t_name = max_param_diff(train.teacher, os.path.join(d, "teacher_after.pth"),
                                    a.exempt_key_bias)
    for label, diff, name in (("student", s_diff, s_name), ("teacher", t_diff, t_name)):
        if not diff <= a.param_tol:
            failures.append(f"{label} weights after the steps differ by {diff:.3g} at {name}")

    # Files for the C++ import checks.
    torch.save(train.student.state_dict(), os.path.join(d, "py_student_after.pth"))
    partial = train.student.state_dict()
    del partial["decoder_pred.bias"]
    torch.save(partial, os.path.join(d, "py_missing_key.pth"))
    torch.save(torch.zeros(3), os.path.join(d, "py_not_a_dict.pth"))

    loss_keys = [k for k in diffs if k.split(".")[-1] in ("loss", "loss_rec", "loss_cons")]
    summary = {"ok": not failures,
               "max_abs_diff_losses": max(diffs[k] for k in loss_keys),
               "init_loss_rec": [init_loss, info["init"]["loss_rec"]],
               "steps": [{"python": p, "cpp": {k: c[k] for k in ("loss", "loss_rec", "loss_cons")}}
                         for p, c in zip(py_steps, info["steps"])],
               "max_abs_diff_student_weights": s_diff, "max_abs_diff_teacher_weights": t_diff,
               "failures": failures}
    print(json.dumps(summary))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
