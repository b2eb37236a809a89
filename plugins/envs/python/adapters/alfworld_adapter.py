"""ALFWorld's text games (the `alfworld` package with TextWorld) behind the harness's Python adapter protocol.

Splits are ALFWorld's: `train` (json_2.1.1/train), `seen` = `dev` = eval_in_distribution
(json_2.1.1/valid_seen), `unseen` = `test` = eval_out_of_distribution (json_2.1.1/valid_unseen). Games are
collected as ALFWorld collects them (solvable games only, no movable or sliced trajectories), sorted by path
so the order is the same on every machine. Success is `won`; the score is 100 x won.

adapterArgs (all optional):
  data            ALFWorld's data folder (default: $ALFWORLD_DATA, else ~/.cache/alfworld)
  taskTypes       task types to include (default: all six)
  expert          "handcoded" (default; ALFWorld's rule-based expert) or "planner" (needs the PDDL planner)
  expertMaxSteps  give up on an expert rollout after this many steps (default 150, as ALFWorld does)
  maxSteps        TextWorld's own step cap (default 1000, so the harness's step limit governs)
  keepBanner      keep the "-= Welcome to TextWorld, ALFRED! =-" line in the first observation (default false)
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional

from harness_adapter import Adapter, Episode, require

SPLIT_FOLDERS = {"train": "train", "seen": "valid_seen", "dev": "valid_seen", "unseen": "valid_unseen", "test": "valid_unseen"}
TASK_TYPES = ["pick_and_place_simple", "look_at_obj_in_light", "pick_clean_then_place_in_recep",
              "pick_heat_then_place_in_recep", "pick_cool_then_place_in_recep", "pick_two_obj_and_place"]
INSTALL = "pip install alfworld[full] && alfworld-download  (AgentGym pins alfworld==0.3.3)"


class AlfworldAdapter(Adapter):
    name = "alfworld"

    def __init__(self, args: Dict[str, Any]) -> None:
        super().__init__(args)
        self.textworld = require("textworld", INSTALL)
        self.gym = require("textworld.gym", INSTALL)
        self.tw_env = require("alfworld.agents.environment.alfred_tw_env", INSTALL)
        self.data = os.path.expanduser(args.get("data") or os.environ.get("ALFWORLD_DATA") or "~/.cache/alfworld")
        if not os.path.isdir(os.path.join(self.data, "json_2.1.1")):
            raise ValueError("no ALFWorld games in %s (expected json_2.1.1/); run alfworld-download or set adapterArgs.data" % self.data)
        self.task_types = list(args.get("taskTypes") or TASK_TYPES)
        self.env: Any = None
        self.infos: Dict[str, Any] = {}
        self.gamefile: Optional[str] = None
        self.won = False

    def episodes(self, split: str) -> List[Dict[str, Any]]:
        if split not in SPLIT_FOLDERS:
            raise ValueError("unknown split %r (expected one of %s)" % (split, ", ".join(SPLIT_FOLDERS)))
        root = os.path.join(self.data, "json_2.1.1", SPLIT_FOLDERS[split])
        out = []
        for folder, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            task_type = self._playable_task_type(folder, files)
            if task_type is not None:
                out.append(Episode(os.path.relpath(folder, root), task_type, len(out)))
        return out

    def _playable_task_type(self, folder: str, files: List[str]) -> Optional[str]:
        """The game's task type if ALFWorld would load it: solvable, of a wanted type, not movable/sliced."""
        if "traj_data.json" not in files or "game.tw-pddl" not in files:
            return None
        if "movable" in folder or "Sliced" in folder:
            return None
        with open(os.path.join(folder, "traj_data.json")) as f:
            task_type = json.load(f)["task_type"]
        if task_type not in self.task_types:
            return None
        with open(os.path.join(folder, "game.tw-pddl")) as f:
            solvable = json.load(f).get("solvable", False)
        return task_type if solvable else None

    def _make(self, gamefile: str, expert: Optional[str] = None) -> Any:
        extras = ["gamefile"] + (["expert_plan"] if expert else [])
        infos = self.textworld.EnvInfos(won=True, admissible_commands=True, extras=extras)
        wrappers: List[Any] = [self.tw_env.AlfredDemangler(shuffle=False), self.tw_env.AlfredInfos]
        if expert:
            wrappers.append(self.tw_env.AlfredExpert(expert_type=expert))
        env_id = self.gym.register_game(gamefile, infos, max_episode_steps=int(self.args.get("maxSteps", 1000)), wrappers=wrappers)
        return self.gym.make(env_id)

    def reset(self, episode: Dict[str, Any], seed: int) -> Dict[str, Any]:
        self.close()
        split_root = next((os.path.join(self.data, "json_2.1.1", f) for f in ("train", "valid_seen", "valid_unseen")
                           if os.path.isfile(os.path.join(self.data, "json_2.1.1", f, episode["id"], "game.tw-pddl"))), None)
        if split_root is None:
            raise ValueError("no game.tw-pddl for episode %r under %s" % (episode["id"], self.data))
        self.gamefile = os.path.join(split_root, episode["id"], "game.tw-pddl")
        self.env = self._make(self.gamefile)
        observation, self.infos = self.env.reset()
        self.won = False
        if not self.args.get("keepBanner"):
            observation = "\n".join(observation.split("\n\n")[1:])  # drop the welcome banner, as ReAct does
        task = next((line for line in observation.split("\n") if line.startswith("Your task is to:")), "")
        return {"observation": observation, "task": task}

    def step(self, action: str) -> Dict[str, Any]:
        observation, _, done, self.infos = self.env.step(action)
        won = bool(self.infos["won"])
        reward = 1 if won and not self.won else 0
        self.won = self.won or won
        return {
            "observation": observation,
            "reward": reward,
            "score": 100 if self.won else 0,
            "done": bool(done) or self.won,
            "success": self.won,
            "invalid": observation.strip() == "Nothing happens.",
        }

    def valid_actions(self) -> List[str]:
        return list(self.infos.get("admissible_commands") or [])

    def expert(self) -> Any:
        """Plays ALFWorld's expert on a second copy of the game, from its start, and returns its actions."""
        kind = self.args.get("expert", "handcoded")
        env = self._make(self.gamefile, kind)
        try:
            _, infos = env.reset()
            if kind == "planner":
                return list(infos["extra.expert_plan"])
            actions: List[str] = []
            for _ in range(int(self.args.get("expertMaxSteps", 150))):
                action = infos["extra.expert_plan"][0]
                _, _, done, infos = env.step(action)
                actions.append(action)
                if infos["won"]:
                    return actions
                if done:
                    break
            raise RuntimeError("ALFWorld's expert did not win %s within %d steps" % (self.gamefile, len(actions)))
        finally:
            env.close()

    def close(self) -> None:
        if self.env is not None:
            self.env.close()
            self.env = None

    def shutdown(self) -> None:
        self.close()
