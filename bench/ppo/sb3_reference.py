"""stable-baselines3 PPO reference for bench/ppo/run.sh (same hyperparameters as Kilo's defaults).

Usage: python bench/ppo/sb3_reference.py cartpole TIMESTEPS SEED[,SEED...]
       python bench/ppo/sb3_reference.py trading TIMESTEPS
Prints one line per run: steps_per_s and (CartPole) the mean deterministic return over 20 episodes.
"""
import sys
import time

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.evaluation import evaluate_policy
from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize

torch.set_num_threads(1)
COMMON = dict(learning_rate=3e-4, n_steps=2048, batch_size=64, n_epochs=10, gamma=0.99, gae_lambda=0.95,
              clip_range=0.2, vf_coef=0.5, max_grad_norm=0.5, device="cpu")


class TradingEnv(gym.Env):
    """The Kilo trading environment in numpy: 30 rows x (9 features + 4 portfolio), Hold/Buy/Sell."""

    def __init__(self, rows=5000, n_features=9, seq=30, episode_length=1000, train_rows=4000, fee=0.001,
                 slippage=0.0005, seed=7):
        rng = np.random.default_rng(seed)
        self.features = rng.standard_normal((rows, n_features)).astype(np.float32)
        self.closes = 100 * np.cumprod(1 + 0.01 * rng.standard_normal(rows))
        self.seq, self.episode_length, self.fee, self.slippage = seq, episode_length, fee, slippage
        self.low, self.high = seq - 1, max(seq - 1, train_rows - 1 - episode_length)
        self.observation_space = gym.spaces.Box(-np.inf, np.inf, (seq, n_features + 4), np.float32)
        self.action_space = gym.spaces.Discrete(3)

    def _obs(self):
        price = self.closes[self.row]
        value = self.cash + self.units * price
        portfolio = np.array([self.units * price / value,
                              price / self.entry - 1 if self.units > 0 else 0.0,
                              self.cash / value, self.bars / self.episode_length], dtype=np.float32)
        window = self.features[self.row - self.seq + 1:self.row + 1]
        return np.concatenate([window, np.broadcast_to(portfolio, (self.seq, 4))], axis=1)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.row = int(self.np_random.integers(self.low, self.high + 1))
        self.steps, self.cash, self.units, self.entry, self.bars = 0, 1.0, 0.0, 0.0, 0
        return self._obs(), {}

    def step(self, action):
        price = self.closes[self.row]
        before = self.cash + self.units * price
        if action == 1 and self.units == 0:
            notional = self.cash / (1 + self.fee)
            self.units, self.entry, self.cash, self.bars = notional / (price * (1 + self.slippage)), price * (1 + self.slippage) * (1 + self.fee), 0.0, 0
        elif action == 2 and self.units > 0:
            self.cash += self.units * price * (1 - self.slippage) * (1 - self.fee)
            self.units, self.entry, self.bars = 0.0, 0.0, 0
        self.row += 1
        self.steps += 1
        if self.units > 0:
            self.bars += 1
        after = self.cash + self.units * self.closes[self.row]
        return self._obs(), float(np.log(after / before)), False, self.steps >= self.episode_length, {}


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return ";".join(f"{i.get('internal_api')}:{i.get('architecture')}" for i in threadpool_info())
    except Exception:
        return "unknown"


def main():
    kind, timesteps = sys.argv[1], int(sys.argv[2])
    if kind == "cartpole":
        for seed in [int(s) for s in sys.argv[3].split(",")]:
            model = PPO("MlpPolicy", "CartPole-v1", ent_coef=0.0, seed=seed, **COMMON)
            start = time.perf_counter()
            model.learn(total_timesteps=timesteps)
            elapsed = time.perf_counter() - start
            mean, _ = evaluate_policy(model, model.get_env(), n_eval_episodes=20, deterministic=True)
            print(f"sb3 cartpole seed={seed} timesteps={model.num_timesteps} mean_return={mean:.1f} "
                  f"steps_per_s={model.num_timesteps / elapsed:.0f} train_s={elapsed:.2f} torch_threads=1 blas={blas_info()}")
    else:
        env = VecNormalize(DummyVecEnv([TradingEnv]), norm_obs=True, norm_reward=False, clip_obs=10.0)
        model = PPO("MlpPolicy", env, ent_coef=0.01, seed=0, **COMMON)
        start = time.perf_counter()
        model.learn(total_timesteps=timesteps)
        elapsed = time.perf_counter() - start
        print(f"sb3 trading obs=30x13 timesteps={model.num_timesteps} steps_per_s={model.num_timesteps / elapsed:.0f} "
              f"train_s={elapsed:.2f} torch_threads=1")


if __name__ == "__main__":
    main()
