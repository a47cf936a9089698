"""The PyTorch module Kilo's GRU regressor mirrors (shared by the fixture and benchmark scripts)."""
import torch
from torch import nn


class GRURegressor(nn.Module):
    """Stacked GRU -> last step -> dropout -> fc1 (H -> H/2) -> ReLU -> fc2 (H/2 -> 1)."""

    def __init__(self, input_size, hidden_size, num_layers, dropout):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size, num_layers, batch_first=True,
                          dropout=dropout if num_layers > 1 else 0.0)
        self.dropout = nn.Dropout(dropout)
        self.fc1 = nn.Linear(hidden_size, hidden_size // 2)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size // 2, 1)

    def forward(self, x):
        out, _ = self.gru(x)
        last = self.dropout(out[:, -1, :])
        return self.fc2(self.relu(self.fc1(last))).squeeze(-1)


def kilo_metadata(input_size, hidden_size, num_layers, sequence_length, feature_names,
                  target_mean=0.0, target_std=1.0, seed=0, config_json=None):
    import json
    return {
        "format": "kilo-gru",
        "input_size": str(input_size),
        "hidden_size": str(hidden_size),
        "num_layers": str(num_layers),
        "sequence_length": str(sequence_length),
        "feature_names": json.dumps(feature_names),
        "feature_spec_hash": "torch-fixture",
        "target_mean": repr(float(target_mean)),
        "target_std": repr(float(target_std)),
        "seed": str(seed),
        "config": config_json or json.dumps({"hidden_size": hidden_size, "num_layers": num_layers,
                                             "sequence_length": sequence_length}),
    }
