"""Reads a `harness export` folder back with the Python standard library only, as a user's trainer would,
and checks what a trainer relies on. Prints a JSON summary of what it read; exits 1 with the first failed
check (file and line) otherwise.

    python3 read_export.py <export-dir>

Checks:
- reference.jsonl: the keys the reference converters read; lengths (T actions, T+1 look/inventory);
  group_action covers action exactly; local_progress has one label per action of each subtask plus the one
  after it ("None" first), the final subtask one fewer; the episode ends done, with success, once.
- chat.jsonl: {"policy", "messages"} with [system?, user, assistant]; low answers "<action>; True|False";
  per episode, one low (or flat policy) call per step, one high call per subtask, one progress call per step
  but the first; answers follow the expert (actions, flags, subtasks) of the reference records.
- rl.jsonl: {"policy", "state", "action", "reward", "next_state", "done"}; next_state null exactly when done;
  (from a run folder, only these structural checks: its episodes are not the expert's)
  the paper's rewards (low: +1 on a subtask's last step; high: the sum of the rewards over the subtask;
  progress: the low level's of the step it is about); each state equals the matching chat prompt.
"""

import json
import os
import re
import sys

REFERENCE_KEYS = {
    "id", "task_type", "variation", "task_description", "subtask", "group_action", "action", "obs", "next_obs",
    "look", "inventory", "reward", "score", "done", "local_progress",
}
LOW_ANSWER = re.compile(r"^(.*); (True|False)$", re.S)


class Failed(Exception):
    pass


def check(condition, where, message):
    if not condition:
        raise Failed(f"{where}: {message}")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            check(line.endswith("\n"), f"{path}:{number}", "line does not end with a newline")
            yield f"{path}:{number}", json.loads(line)


def read_reference(path):
    episodes = []
    for where, r in read_jsonl(path):
        check(set(r) == REFERENCE_KEYS, where, f"keys {sorted(set(r) ^ REFERENCE_KEYS)} differ")
        t = len(r["action"])
        check(t > 0, where, "no action")
        for key in ("obs", "next_obs", "reward", "score", "done"):
            check(len(r[key]) == t, where, f"{key} has {len(r[key])} entries for {t} actions")
        for key in ("look", "inventory"):
            check(len(r[key]) == t + 1, where, f"{key} has {len(r[key])} entries, not {t + 1}")
        k = len(r["subtask"])
        check(k > 0 and len(r["group_action"]) == k and len(r["local_progress"]) == k, where, "subtask, group_action and local_progress differ in length")
        check([a for group in r["group_action"] for a in group] == r["action"], where, "group_action does not cover action exactly")
        for i, (group, labels) in enumerate(zip(r["group_action"], r["local_progress"])):
            check(len(group) > 0, where, f"subtask {i} has no action")
            expected = len(group) + (1 if i < k - 1 else 0)
            check(len(labels) == expected, where, f"subtask {i}: {len(labels)} progress labels for {len(group)} actions (expected {expected})")
            check(labels[0] == "None", where, f"subtask {i}: the first progress label is {labels[0]!r}, not 'None'")
            check(all(isinstance(p, str) and p for p in labels), where, f"subtask {i}: an empty progress label")
        check(r["done"][-1] is True and not any(r["done"][:-1]), where, "done is not true exactly at the last action")
        check(r["score"][-1] >= 1.0, where, f"the episode ends with score {r['score'][-1]}, not success")
        check(all(r["obs"][i + 1] == r["next_obs"][i] for i in range(t - 1)), where, "obs[t+1] differs from next_obs[t]")
        check(abs(sum(r["reward"]) - r["score"][-1]) < 1e-9, where, "the rewards do not add up to the final score")
        episodes.append(r)
    return episodes


def prompt_of(messages):
    return "".join(m["content"] for m in messages if m["role"] != "assistant")


def read_chat(path, episodes):
    lines = []
    for where, line in read_jsonl(path):
        check(set(line) == {"policy", "messages"}, where, f"keys {sorted(line)}")
        roles = [m["role"] for m in line["messages"]]
        check(roles in (["system", "user", "assistant"], ["user", "assistant"]), where, f"message roles {roles}")
        check(all(set(m) == {"role", "content"} and isinstance(m["content"], str) and m["content"] for m in line["messages"]), where, "a message without text")
        if line["policy"] == "low":
            check(LOW_ANSWER.match(line["messages"][-1]["content"]) is not None, where, "a low answer not in the form '<action>; True|False'")
        lines.append((where, line))
    counts = follow_expert(path, [(w, l["policy"], l["messages"][-1]["content"]) for w, l in lines], episodes)
    return lines, counts


def follow_expert(path, calls, episodes):
    """Walks the calls episode by episode against the reference records: one low (or flat) call per step with
    the expert's action and flag, one high call per subtask with its text, one progress call per step but the first."""
    policies = {p for _, p, _ in calls}
    acting = "low" if "low" in policies else "policy"
    counts = {p: 0 for p in sorted(policies)}
    position = 0
    for r in episodes:
        starts = set()
        last_of_group = []
        step = 0
        for group in r["group_action"]:
            starts.add(step)
            last_of_group += [False] * (len(group) - 1) + [True]
            step += len(group)
        subtask = 0
        for t, action in enumerate(r["action"]):
            while position < len(calls) and calls[position][1] != acting:
                where, policy, answer = calls[position]
                if policy == "high":
                    check(t in starts, where, f"a high-level call at step {t}, where no subtask starts")
                    check(answer == r["subtask"][subtask], where, f"high answer {answer!r}, expert subtask {r['subtask'][subtask]!r}")
                    subtask += 1
                elif policy == "progress":
                    check(t > 0, where, "a progress call before the first action")
                counts[policy] += 1
                position += 1
            check(position < len(calls), path, f"the calls end before step {t} of episode {r['id']}")
            where, policy, answer = calls[position]
            if acting == "low":
                expected = f"{action}; {last_of_group[t]}"
            else:
                expected = action
            check(answer == expected, where, f"answer {answer!r}, expert {expected!r}")
            counts[acting] += 1
            position += 1
        check(subtask == len(r["subtask"]) or "high" not in policies, path, f"episode {r['id']}: {subtask} high calls for {len(r['subtask'])} subtasks")
    check(position == len(calls), path, f"{len(calls) - position} calls after the last episode")
    steps = sum(len(r["action"]) for r in episodes)
    check(counts[acting] == steps, path, f"{counts[acting]} {acting} calls for {steps} steps")
    if "high" in counts:
        check(counts["high"] == sum(len(r["subtask"]) for r in episodes), path, "high calls differ from subtasks")
    if "progress" in counts:
        check(counts["progress"] == steps - len(episodes), path, f"{counts['progress']} progress calls for {steps} steps in {len(episodes)} episodes")
    return counts


def read_transitions(path):
    by_policy = {}
    for where, line in read_jsonl(path):
        check(set(line) == {"policy", "state", "action", "reward", "next_state", "done"}, where, f"keys {sorted(line)}")
        check(isinstance(line["state"], str) and line["state"], where, "empty state")
        check(isinstance(line["reward"], (int, float)) and isinstance(line["done"], bool), where, "reward or done of the wrong type")
        check((line["next_state"] is None) == line["done"], where, "next_state must be null exactly when done")
        if line["policy"] == "low":
            check(line["reward"] in (-1, 0, 1), where, f"a low-level reward of {line['reward']}")
            check(LOW_ANSWER.match(line["action"]) is not None, where, "a low action not in the form '<action>; True|False'")
        by_policy.setdefault(line["policy"], []).append((where, line))
    return by_policy


def read_rl(path, episodes, chat_lines):
    by_policy = read_transitions(path)
    # States are the chat prompts of the same calls, in the same order.
    chat_by_policy = {}
    for _, line in chat_lines:
        chat_by_policy.setdefault(line["policy"], []).append(line)
    for policy, lines in by_policy.items():
        chats = chat_by_policy.get(policy, [])
        check(len(chats) == len(lines), path, f"{len(lines)} {policy} transitions for {len(chats)} {policy} chat lines")
        for (where, line), chat in zip(lines, chats):
            check(line["state"] == prompt_of(chat["messages"]), where, "state differs from the chat prompt of the same call")
            check(line["action"] == chat["messages"][-1]["content"], where, "action differs from the chat answer")
    # The paper's rewards, against the reference records. A progress update is about the previous step's
    # action and takes that action's reward: the low level's, or the flat policy's without hierarchy.
    acting = "low" if "low" in by_policy else "policy"
    expect = {"low": [], "high": [], "policy": [], "progress": []}
    for r in episodes:
        step = 0
        low = []
        for group in r["group_action"]:
            expect["high"].append(sum(r["reward"][step : step + len(group)]))
            low += [0.0] * (len(group) - 1) + [1.0]
            step += len(group)
        expect["low"] += low
        expect["policy"] += r["reward"]
        expect["progress"] += (low if acting == "low" else r["reward"])[:-1]
    for policy, rewards in expect.items():
        if policy in by_policy:
            got = [line["reward"] for _, line in by_policy[policy]]
            same = len(got) == len(rewards) and all(abs(a - b) < 1e-9 for a, b in zip(got, rewards))
            check(same, path, f"{policy} rewards {got[:8]}… differ from the paper's {rewards[:8]}…")
    return {p: len(v) for p, v in sorted(by_policy.items())}


def main(folder):
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    summary = {}
    if "run" in manifest["source"]:
        # From a run folder: transitions only, one file per env and agent.
        for path in manifest["files"]:
            summary[path] = {p: len(v) for p, v in sorted(read_transitions(os.path.join(folder, path)).items())}
        print(json.dumps(summary, sort_keys=True))
        return
    for env in manifest["envs"]:
        env_dir = os.path.join(folder, env["id"])
        reference = os.path.join(env_dir, "reference.jsonl")
        episodes = read_reference(reference)
        check(len(episodes) == env["exported"], reference, f"{len(episodes)} episodes, the manifest says {env['exported']}")
        out = {"episodes": len(episodes), "steps": sum(len(r["action"]) for r in episodes), "agents": {}}
        for agent in env["agents"]:
            chat_lines, chat_counts = read_chat(os.path.join(env_dir, agent, "chat.jsonl"), episodes)
            rl_counts = read_rl(os.path.join(env_dir, agent, "rl.jsonl"), episodes, chat_lines)
            out["agents"][agent] = {"chat": chat_counts, "rl": rl_counts}
        summary[env["id"]] = out
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Failed as failure:
        print(f"check failed: {failure}", file=sys.stderr)
        sys.exit(1)
