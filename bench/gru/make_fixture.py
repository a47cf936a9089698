"""Writes Tests/Fixtures/gru/: a PyTorch-made GRU model (safetensors, Kilo metadata) and a case file
with inputs, expected outputs, loss, gradients and the weights after one clipped Adam step.

Run: bench/.venv/bin/python bench/gru/make_fixture.py  (from the repository root)
Optional: --check-kilo PATH loads a Kilo-written model into the PyTorch module (strict) and prints
its outputs on the fixture inputs.
"""
import json
import os
import sys

import torch
from safetensors.torch import save_file, load_file

sys.path.insert(0, os.path.dirname(__file__))
from gru_reference import GRURegressor, kilo_metadata  # noqa: E402

OUT = os.path.join("Tests", "Fixtures", "gru")
D, H, L, T, B, ROWS = 5, 8, 2, 7, 4, 12
LR, WD, CLIP, BETAS, EPS = 0.01, 0.05, 0.5, (0.9, 0.999), 1e-8


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check-kilo":
        check_kilo(sys.argv[2])
        return
    torch.manual_seed(1234)
    torch.set_default_dtype(torch.float32)
    model = GRURegressor(D, H, L, dropout=0.0)
    model.eval()
    names = [f"f{i}" for i in range(D)]
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    os.makedirs(OUT, exist_ok=True)
    save_file(state, os.path.join(OUT, "torch_model.safetensors"),
              metadata=kilo_metadata(D, H, L, T, names, target_mean=0.25, target_std=2.0, seed=1234))

    x = torch.randn(B, T, D)
    y = torch.randn(B)
    out = model(x)
    loss = torch.mean((out - y) ** 2)
    loss.backward()
    case = {"x": x.contiguous(), "y": y, "output": out.detach(), "loss": loss.detach().reshape(1)}
    for k, p in model.named_parameters():
        case["grad." + k] = p.grad.detach().clone().contiguous()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    opt = torch.optim.Adam(model.parameters(), lr=LR, betas=BETAS, eps=EPS, weight_decay=WD)
    opt.step()
    for k, p in model.named_parameters():
        case["step." + k] = p.detach().clone().contiguous()

    # Scoring: a feature matrix in file order and the raw output for every full window.
    model.load_state_dict(state)
    feats = torch.randn(ROWS, D)
    windows = torch.stack([feats[e - T + 1:e + 1] for e in range(T - 1, ROWS)])
    with torch.no_grad():
        case["score_features"] = feats.contiguous()
        case["score_expected"] = model(windows).contiguous()
    save_file(case, os.path.join(OUT, "torch_case.safetensors"),
              metadata={"lr": repr(LR), "weight_decay": repr(WD), "grad_clip": repr(CLIP),
                        "beta1": repr(BETAS[0]), "beta2": repr(BETAS[1]), "eps": repr(EPS),
                        "torch": torch.__version__})
    print("wrote", OUT, "torch", torch.__version__)


def check_kilo(path):
    from safetensors import safe_open
    with safe_open(path, framework="pt") as f:
        meta = f.metadata()
    model = GRURegressor(int(meta["input_size"]), int(meta["hidden_size"]), int(meta["num_layers"]), 0.0)
    model.load_state_dict(load_file(path), strict=True)
    model.eval()
    case = load_file(os.path.join(OUT, "torch_case.safetensors"))
    feats = case["score_features"]
    t = int(meta["sequence_length"])
    windows = torch.stack([feats[e - t + 1:e + 1] for e in range(t - 1, feats.shape[0])])
    with torch.no_grad():
        print(json.dumps({"format": meta["format"], "outputs": model(windows).tolist()}))


if __name__ == "__main__":
    main()
