"""Writes Tests/Fixtures/ppo/cartpole_steps.json: Gymnasium CartPole-v1 transitions from fixed states.

Usage: bench/.venv/bin/python bench/ppo/cartpole_fixture.py OUT.json
"""
import json
import sys

import gymnasium as gym
import numpy as np

env = gym.make("CartPole-v1")
env.reset(seed=0)
base = env.unwrapped
cases = []
starts = [[0.0, 0.0, 0.0, 0.0], [0.01, -0.02, 0.03, 0.04], [-1.0, 0.5, -0.15, 1.2], [2.39, 1.0, 0.1, 0.5]]
for start in starts:
    for first_action in (0, 1):
        base.state = np.array(start, dtype=np.float64)
        base.steps_beyond_terminated = None
        actions, states, rewards, terminated = [], [], [], []
        action = first_action
        for _ in range(6):
            obs, reward, term, trunc, _ = base.step(action)
            actions.append(action)
            states.append([float(v) for v in base.state])
            rewards.append(float(reward))
            terminated.append(bool(term))
            if term:
                break
            action = 1 - action
        cases.append({"start": start, "actions": actions, "states": states, "rewards": rewards, "terminated": terminated})
json.dump({"gymnasium": gym.__version__, "cases": cases}, open(sys.argv[1], "w"), indent=1)
