"""ScienceWorld (the `scienceworld` package, 1.2 or later) behind the harness's Python adapter protocol.

Splits come from ScienceWorld's own API: `train`, `dev` and `test` are the package's variation sets of each
task (`get_variations_train/dev/test`); `seen` is `dev` and `unseen` is `test`, the mapping STEP-HRL uses.
Success is a score of 100; a failed task scores -100 and ends the episode.

adapterArgs (all optional):
  tasks             task ids or names to include (default: all 30, in ScienceWorld's order)
  maxVariations     keep at most this many variations of each task in each split (0 = all)
  simplifications   ScienceWorld's simplification string, e.g. "easy" or "openDoors,teleportAction"
  envStepLimit      ScienceWorld's own move cap (default 10000, so the harness's step limit governs)
  goldPath          generate gold action sequences for expert() (default true; makes load() slower)
  jar               path to a scienceworld.jar other than the package's own
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from harness_adapter import Adapter, Episode, require

SPLIT_SETS = {"train": "train", "dev": "dev", "test": "test", "seen": "dev", "unseen": "test"}
# ScienceWorld's reply to input its parser cannot match, and the start of its ambiguity prompt.
NO_MATCH = "No known action matches that input."


class ScienceWorldAdapter(Adapter):
    name = "scienceworld"

    def __init__(self, args: Dict[str, Any]) -> None:
        super().__init__(args)
        module = require("scienceworld", "pip install scienceworld  (needs Java 1.8+ on PATH)")
        self.env = module.ScienceWorldEnv(serverPath=args.get("jar"), envStepLimit=int(args.get("envStepLimit", 10000)))
        self.simplifications = str(args.get("simplifications", ""))
        self.gold_path = bool(args.get("goldPath", True))
        self.task_ids = self._task_ids()
        self.episode: Optional[Dict[str, Any]] = None
        self.steps_taken = 0

    def _task_ids(self) -> Dict[str, str]:
        """task id -> task name, in ScienceWorld's order, restricted to `tasks` when given."""
        all_tasks = dict(self.env.tasks)  # OrderedDict of "1-1" -> "boil"
        wanted = self.args.get("tasks")
        if not wanted:
            return all_tasks
        chosen = {}
        for task in wanted:
            key = next((tid for tid, name in all_tasks.items() if task in (tid, name)), None)
            if key is None:
                raise ValueError("unknown ScienceWorld task %r (known: %s)" % (task, ", ".join(all_tasks)))
            chosen[key] = all_tasks[key]
        return {tid: chosen[tid] for tid in all_tasks if tid in chosen}

    def episodes(self, split: str) -> List[Dict[str, Any]]:
        if split not in SPLIT_SETS:
            raise ValueError("unknown split %r (expected one of %s)" % (split, ", ".join(SPLIT_SETS)))
        cap = int(self.args.get("maxVariations", 0))
        out = []
        for task_id, task_name in self.task_ids.items():
            # The variation sets are those of the loaded task, so load each task once.
            self.env.load(task_name, 0, self.simplifications)
            variations = sorted(getattr(self.env, "get_variations_" + SPLIT_SETS[split])())
            for variation in variations[:cap] if cap > 0 else variations:
                out.append(Episode("%s-v%d" % (task_id, variation), "%s %s" % (task_id, task_name), variation))
        return out

    def reset(self, episode: Dict[str, Any], seed: int) -> Dict[str, Any]:
        task_id = episode["id"].rsplit("-v", 1)[0]
        if task_id not in self.task_ids:
            raise ValueError("episode %r is not a task of this adapter" % episode["id"])
        self.env.load(self.task_ids[task_id], int(episode["variation"]), self.simplifications, self.gold_path)
        observation, info = self.env.reset()
        self.episode = episode
        self.steps_taken = 0
        return {"observation": observation, "task": info["taskDesc"], "info": {"look": info["look"], "inventory": info["inv"]}}

    def step(self, action: str) -> Dict[str, Any]:
        observation, reward, completed, info = self.env.step(action)
        self.steps_taken += 1
        score = info["score"]
        return {
            "observation": observation,
            "reward": reward,
            "score": score,
            "done": bool(completed),
            "success": score >= 100,
            "invalid": observation.strip().startswith(NO_MATCH),
            # ScienceWorld's score is the fraction of the task's ordered subgoals reached (plus small bonuses).
            "progress": max(0, min(score, 100)) / 100,
            "info": {"look": info["look"], "inventory": info["inv"], "moves": info["moves"]},
        }

    def valid_actions(self) -> List[str]:
        # Sorted: the simulator's set order is not stable across versions before 1.3.
        return sorted(set(self.env.get_valid_action_object_combinations()))

    def expert(self) -> Any:
        if not self.gold_path:
            return None
        actions = list(self.env.get_gold_action_sequence())
        if actions and actions[0].startswith("ERROR"):
            raise RuntimeError(actions[0])
        if self.steps_taken > 0 or self.episode is None:
            return actions
        # Replay the gold path once to label every step with the score it reaches, then reload the same
        # variation: loading is deterministic (ScienceWorld seeds each variation by its index).
        labelled = []
        for action in actions:
            _, _, _, info = self.env.step(action)
            labelled.append({"action": action, "score": info["score"]})
        self.reset(self.episode, 0)
        return labelled

    def shutdown(self) -> None:
        self.env.close()
