"""The harness's Python adapter protocol: JSON Lines over stdin/stdout, one episode at a time.

An adapter wraps any Python text environment so the harness's `python` env plugin can run it. Write a
subclass of `Adapter` with five methods and end the file with `serve(MyAdapter)`; or leave that out and
let the plugin load the file or module and find the one `Adapter` subclass in it::

    from harness_adapter import Adapter, Episode, serve

    class CoinFlip(Adapter):
        name = "coin-flip"

        def episodes(self, split):
            return [Episode(id="flip-%d" % i, task="flip", variation=i) for i in range(3)]

        def reset(self, episode, seed):
            self.won = False
            return {"observation": "A coin lies on the table.", "task": "Your task is to flip the coin."}

        def step(self, action):
            if action != "flip coin":
                return invalid("You can't do that.")
            self.won = True
            return {"observation": "Heads!", "reward": 1, "score": 100, "done": True, "success": True}

        def valid_actions(self):
            return ["flip coin", "look"]

    if __name__ == "__main__":
        serve(CoinFlip)

Wire format (one JSON object per line, UTF-8):

- On start the process prints ``{"ready": true, "protocol": 1, "adapter": <name>}``, or
  ``{"fatal": <message>}`` and exits with status 2 when the adapter cannot start (a missing package).
- Requests: ``{"id": <int>, "method": <name>, "params": {...}}``. Methods and their ``params``:
  ``episodes {split}`` -> a list of ``{id, task, variation}``;
  ``reset {episode: {id, task, variation}, seed}`` -> ``{observation, task, info?}``;
  ``step {action}`` -> ``{observation, reward, score, done, success, invalid?, progress?, info?}``;
  ``valid_actions {}`` -> a list of strings;
  ``candidate_subtasks {}`` -> a list of subtask strings for hierarchical agents (optional; default none);
  ``expert {}`` -> a list of actions, a list of ``{action, progress?, score?}``, or ``{subtasks: [...]}``;
  ``close {}`` -> null (ends the episode; the process stays up for the next one).
- Replies: ``{"id": <same>, "ok": true, "result": ...}`` or ``{"id": <same>, "ok": false, "error": <message>}``.
- End of input (the harness closed the pipe) shuts the adapter down.

The protocol owns the process's real standard output: anything else written to stdout (a library's
progress bar, a stray print) is sent to stderr instead, where the harness keeps the last lines for its
error messages.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import sys
import traceback
from typing import Any, Dict, List, Optional

PROTOCOL_VERSION = 1


class AdapterUnavailable(Exception):
    """Raise from ``__init__`` when the environment cannot run here (package missing, data not found)."""


def Episode(id: str, task: str, variation: int) -> Dict[str, Any]:  # noqa: N802 - reads like a record type
    """One episode of a split: a stable id, a task label for per-task tables, a variation number."""
    return {"id": str(id), "task": str(task), "variation": int(variation)}


def invalid(observation: str, score: float = 0, **extra: Any) -> Dict[str, Any]:
    """A step result for an action the environment did not accept: feedback, not an error."""
    return dict({"observation": observation, "reward": 0, "score": score, "done": False, "success": False, "invalid": True}, **extra)


def require(module: str, install_hint: str) -> Any:
    """Imports a module or raises AdapterUnavailable with the command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise AdapterUnavailable("Python package '%s' is not installed for %s (%s). Install it with: %s"
                                 % (module, sys.executable, error, install_hint))


class Adapter:
    """Base class of an adapter. ``args`` are the plugin's ``adapterArgs`` option, as a dict."""

    name = "adapter"

    def __init__(self, args: Dict[str, Any]) -> None:
        self.args = args

    def episodes(self, split: str) -> List[Dict[str, Any]]:
        """The episodes of a split, in a stable order (use ``Episode``). Raise ValueError for an unknown split."""
        raise NotImplementedError

    def reset(self, episode: Dict[str, Any], seed: int) -> Dict[str, Any]:
        """Starts an episode: returns ``{observation, task}`` and optionally ``info`` (``look``, ``inventory``)."""
        raise NotImplementedError

    def step(self, action: str) -> Dict[str, Any]:
        """Plays one action. ``success`` is the environment's own predicate, never just ``done``."""
        raise NotImplementedError

    def valid_actions(self) -> List[str]:
        return []

    def candidate_subtasks(self) -> List[str]:
        """Subtasks a high-level policy may choose from in the current state (none by default)."""
        return []

    def expert(self) -> Any:
        """A gold action sequence from the reset state, or None when the environment has none."""
        return None

    def close(self) -> None:
        """Ends the current episode (the process may serve another one after it)."""

    def shutdown(self) -> None:
        """Releases everything (a JVM, a game server) before the process exits."""


def serve(adapter_class: Any, args: Optional[Dict[str, Any]] = None, protocol: Any = None) -> None:
    """Runs the protocol loop for one adapter until the harness closes standard input."""
    if protocol is None:
        protocol = _claim_stdout()
    try:
        adapter = adapter_class(args if args is not None else _args_from_argv())
    except AdapterUnavailable as error:
        _fatal(protocol, str(error))
    except Exception as error:  # a broken adapter must still say why, in one line the harness can show
        traceback.print_exc()
        _fatal(protocol, "adapter %s failed to start: %s: %s" % (getattr(adapter_class, "__name__", "?"), type(error).__name__, error))
    _write(protocol, {"ready": True, "protocol": PROTOCOL_VERSION, "adapter": getattr(adapter, "name", "adapter")})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            _write(protocol, _answer(adapter, line))
    finally:
        try:
            adapter.shutdown()
        except Exception:
            traceback.print_exc()


def _answer(adapter: Adapter, line: str) -> Dict[str, Any]:
    try:
        request = json.loads(line)
        request_id = request["id"]
        method = request["method"]
        params = request.get("params") or {}
    except (ValueError, KeyError, TypeError) as error:
        return {"id": None, "ok": False, "error": "unreadable request: %s" % error}
    try:
        if method == "episodes":
            result: Any = [_episode_of(e) for e in adapter.episodes(str(params["split"]))]
        elif method == "reset":
            result = adapter.reset(params["episode"], int(params.get("seed", 0)))
        elif method == "step":
            result = adapter.step(str(params["action"]))
        elif method == "valid_actions":
            result = [str(a) for a in adapter.valid_actions()]
        elif method == "candidate_subtasks":
            result = [str(s) for s in adapter.candidate_subtasks()]
        elif method == "expert":
            result = adapter.expert()
        elif method == "close":
            adapter.close()
            result = None
        else:
            return {"id": request_id, "ok": False, "error": "unknown method %r" % method}
    except Exception as error:
        traceback.print_exc()
        return {"id": request_id, "ok": False, "error": "%s: %s" % (type(error).__name__, error)}
    return {"id": request_id, "ok": True, "result": result}


def _episode_of(value: Any) -> Dict[str, Any]:
    if isinstance(value, dict):
        return Episode(value["id"], value["task"], value.get("variation", 0))
    raise TypeError("episodes() must return dicts made with Episode(id, task, variation), got %r" % (value,))


def _claim_stdout() -> Any:
    """Keeps the real stdout for the protocol and points fd 1 (and sys.stdout) at stderr."""
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return protocol


def _write(protocol: Any, message: Dict[str, Any]) -> None:
    try:
        line = json.dumps(message, ensure_ascii=False, allow_nan=False, default=_plain)
    except (TypeError, ValueError) as error:
        line = json.dumps({"id": message.get("id"), "ok": False, "error": "the adapter's reply is not plain JSON: %s" % error})
    protocol.write(line + "\n")
    protocol.flush()


def _plain(value: Any) -> Any:
    """Numpy scalars and Java lists (py4j) as JSON values; anything else is an adapter bug worth reporting."""
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict)):
        return list(value)
    raise TypeError("%s is not JSON serialisable" % type(value).__name__)


def _fatal(protocol: Any, message: str) -> None:
    _write(protocol, {"fatal": message})
    sys.exit(2)


def _args_from_argv() -> Dict[str, Any]:
    for i, arg in enumerate(sys.argv):
        if arg == "--args" and i + 1 < len(sys.argv):
            return json.loads(sys.argv[i + 1])
    return {}


def load_adapter_class(spec: str) -> Any:
    """Finds the Adapter subclass in a file (``path/to/x.py``) or an importable module (``pkg.module``)."""
    if spec.endswith(".py") or os.sep in spec:
        path = os.path.abspath(spec)
        if not os.path.isfile(path):
            raise AdapterUnavailable("adapter file not found: %s" % path)
        sys.path.insert(0, os.path.dirname(path))
        module_spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
        module = importlib.util.module_from_spec(module_spec)  # type: ignore[arg-type]
        module_spec.loader.exec_module(module)  # type: ignore[union-attr]
    else:
        try:
            module = importlib.import_module(spec)
        except ImportError as error:
            raise AdapterUnavailable("adapter module %r cannot be imported: %s" % (spec, error))
    found = [value for value in vars(module).values()
             if inspect.isclass(value) and issubclass(value, Adapter) and value is not Adapter
             and value.__module__ == module.__name__]
    if len(found) != 1:
        raise AdapterUnavailable("adapter %s must define exactly one Adapter subclass, found %d" % (spec, len(found)))
    return found[0]


def main() -> None:
    """``python harness_adapter.py --adapter <file.py | module> [--args <json>]``: what the plugin runs."""
    spec = None
    for i, arg in enumerate(sys.argv):
        if arg == "--adapter" and i + 1 < len(sys.argv):
            spec = sys.argv[i + 1]
    if spec is None:
        sys.stderr.write("usage: harness_adapter.py --adapter <file.py | module> [--args <json>]\n")
        sys.exit(64)
    # Importing the adapter may print (or fail): claim stdout first so the protocol stays clean.
    protocol = _claim_stdout()
    try:
        adapter_class = load_adapter_class(spec)
    except AdapterUnavailable as error:
        _fatal(protocol, str(error))
    except Exception as error:
        traceback.print_exc()
        _fatal(protocol, "adapter %s failed to load: %s: %s" % (spec, type(error).__name__, error))
    serve(adapter_class, protocol=protocol)


if __name__ == "__main__":
    # Run as a script, this file is `__main__`; adapters import `harness_adapter`. Make both one module,
    # so an adapter's `Adapter` subclass is recognised by the loader.
    sys.modules.setdefault("harness_adapter", sys.modules[__name__])
    main()
