"""Runs the STEP-HRL reference code's own data converters on a `harness export` and compares what they build
with the export's `rl` transitions of a step-hrl agent: the level rewards, done flags, low-level targets,
subtasks and progress targets, transition by transition. Python standard library only; the reference code's
converters import pandas only for a code path not taken here, so a stand-in module is put in their way.

    python3 bench/export-reference-check.py <STEP-HRL checkout> <export dir> [agent=llm-step-hrl]

The reference code: github.com/TonyStark042/STEP-HRL (env/*/convert_data_memory.py, util/).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile


def load_rl(path):
    by_policy = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            by_policy.setdefault(record["policy"], []).append(record)
    return by_policy


def differences(ours, theirs):
    return [i for i, (a, b) in enumerate(zip(ours, theirs)) if (abs(a - b) > 1e-9 if isinstance(a, (int, float)) and not isinstance(a, bool) else a != b)]


def compare(env, work, export, agent):
    episodes = [json.loads(line) for line in open(os.path.join(export, env, "reference.jsonl"), encoding="utf-8")]
    source = os.path.join(work, f"expert-{env}.json")
    with open(source, "w", encoding="utf-8") as f:
        json.dump(episodes, f)
    subprocess.run(
        [sys.executable, "-m", f"env.{env}.convert_data_memory", "-b", env, "-f", source],
        cwd=work, env={**os.environ, "PYTHONPATH": work}, check=True, capture_output=True,
    )
    ours = load_rl(os.path.join(export, env, agent, "rl.jsonl"))
    print(f"{env}: {len(episodes)} episodes, {sum(len(e['action']) for e in episodes)} steps")
    for level, target in (("high", "subtask"), ("low", "action"), ("progress", "progress")):
        with open(os.path.join(work, "dataset", env, f"{level}_data", f"expert-{env}.json"), encoding="utf-8") as f:
            theirs = json.load(f)
        mine = ours.get(level, [])
        line = f"  {level:8} reference {len(theirs['reward'])} transitions, export {len(mine)}"
        for name, a, b in (
            ("reward", [t["reward"] for t in mine], theirs["reward"]),
            ("done", [t["done"] for t in mine], theirs["done"]),
            (target, [t["action"] for t in mine], theirs[target]),
        ):
            diff = differences(a, b)
            line += f"; {name} differs at {len(diff)}"
            if diff:
                line += f" ({', '.join(str(i) for i in diff[:6])}{', …' if len(diff) > 6 else ''})"
        print(line)


def main(reference_repo, export, agent="llm-step-hrl"):
    with open(os.path.join(export, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    work = tempfile.mkdtemp(prefix="reference-check-")
    try:
        for folder in ("env", "util"):
            shutil.copytree(os.path.join(reference_repo, folder), os.path.join(work, folder))
        with open(os.path.join(work, "pandas.py"), "w", encoding="utf-8") as f:
            f.write("# stand-in: the converters use pandas only to list variations, not with -f\n")
        for env in manifest["envs"]:
            compare(env["id"], work, export, agent)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main(*sys.argv[1:])
