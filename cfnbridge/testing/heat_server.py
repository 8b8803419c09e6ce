"""A real OpenStack Heat on 127.0.0.1 for tests: ``with heat_server() as heat: ...``.

It runs Heat's own API, CloudFormation-compatible API (heat-api-cfn) and engine in one
child process, with SQLite, no Keystone and no message broker, and with the no-op cloud
plugins of :mod:`cfnbridge.testing.heat_plugins`, so that unmodified templates reach
CREATE_COMPLETE in a second or two while Heat's real schemas, validation and
update-or-replace rules apply. See ``docs/testing.md``.

Use it from Python (a pytest fixture is three lines)::

    from cfnbridge.testing.heat_server import heat_server

    with heat_server() as heat:
        heat.endpoint       # http://127.0.0.1:PORT/v1/admin  (heatclient, auth_type none)
        heat.cfn_endpoint   # http://127.0.0.1:PORT/v1/       (boto3 "cloudformation")
        heat.write_clouds_yaml(path)  # a clouds.yaml naming it "local-heat"

or from a shell, where it runs until Ctrl-C::

    python -m cfnbridge.testing.heat_server --port 8004 --cfn-port 8000

The child is stopped with SIGTERM, then SIGKILL after a short grace (Heat's threads may
ignore SIGTERM), and it exits by itself if its parent dies, so no Heat outlives a test run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parent / "heat_plugins"
"""Where the no-op cloud plugins live; pass it (or your own) as a Heat ``plugin_dirs``."""

PROJECT = "admin"
"""The project every request is made in: Heat's noauth middleware uses this name."""


@dataclass
class HeatServer:
    """A running local Heat and how to reach it."""

    api_port: int
    cfn_port: int
    state_dir: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def endpoint(self) -> str:
        """Heat's orchestration endpoint for the project, as heatclient wants it."""
        return f"http://127.0.0.1:{self.api_port}/v1/{PROJECT}"

    @property
    def cfn_endpoint(self) -> str:
        """heat-api-cfn for boto3's ``endpoint_url`` (the trailing ``/v1/`` is needed)."""
        return f"http://127.0.0.1:{self.cfn_port}/v1/"

    @property
    def log_file(self) -> Path:
        return self.state_dir / "heat.log"

    def clouds_yaml(self, cloud: str = "local-heat") -> dict[str, object]:
        """A clouds.yaml document with one Keystone-less cloud pointing here."""
        return {"clouds": {cloud: {"auth_type": "none", "auth": {"endpoint": self.endpoint}}}}

    def write_clouds_yaml(self, path: str | Path, cloud: str = "local-heat") -> Path:
        """Write :meth:`clouds_yaml` to ``path`` (JSON is valid YAML); return the path."""
        path = Path(path)
        path.write_text(json.dumps(self.clouds_yaml(cloud), indent=2) + "\n")
        return path

    def stop(self, grace: float = 3.0) -> None:
        """SIGTERM, then SIGKILL if the process is still there after ``grace`` seconds."""
        stop_process(self.process, grace)


def stop_process(process: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(10)


def start(
    state_dir: str | Path,
    *,
    port: int = 0,
    cfn_port: int = 0,
    plugin_dirs: list[str | Path] | None = None,
    timeout: float = 90.0,
    verbose: bool = False,
) -> HeatServer:
    """Start a local Heat with its files under ``state_dir``; return once it serves.

    Port 0 picks a free port. The caller must :meth:`HeatServer.stop` it (or use
    :func:`heat_server`). Raises ``RuntimeError`` with the end of Heat's log if it
    does not come up within ``timeout`` seconds.
    """
    state = Path(state_dir)
    state.mkdir(parents=True, exist_ok=True)
    dirs = [str(Path(d).resolve()) for d in (plugin_dirs if plugin_dirs is not None else [PLUGIN_DIR])]
    command = [sys.executable, "-m", "cfnbridge.testing._heat_process", "--state-dir", str(state),
               "--port", str(port), "--cfn-port", str(cfn_port), "--parent-pid", str(os.getpid())]
    command += [arg for d in dirs for arg in ("--plugin-dir", d)]
    if verbose:
        command.append("--verbose")
    stderr = (state / "stderr.log").open("wb")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL)
    stderr.close()
    ready: dict[str, int] = {}

    def read_ready_line() -> None:
        assert process.stdout is not None
        line = process.stdout.readline()
        with contextlib.suppress(ValueError):
            ready.update(json.loads(line))

    reader = threading.Thread(target=read_ready_line, daemon=True)
    reader.start()
    reader.join(timeout)
    if not ready:
        stop_process(process, grace=1.0)
        raise RuntimeError(f"the local Heat did not start within {timeout:.0f} s:\n{_tail(state)}")
    return HeatServer(ready["api"], ready["cfn"], state, process)


@contextlib.contextmanager
def heat_server(
    state_dir: str | Path | None = None,
    **options: object,
) -> Iterator[HeatServer]:
    """A local Heat for the duration of the block (state in a temporary directory by default)."""
    with contextlib.ExitStack() as stack:
        if state_dir is None:
            state_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="cfnbridge-heat-"))
        server = start(state_dir, **options)  # type: ignore[arg-type]
        try:
            yield server
        finally:
            server.stop()


def _tail(state: Path, lines: int = 30) -> str:
    texts = []
    for name in ("stderr.log", "heat.log"):
        with contextlib.suppress(OSError):
            texts += (state / name).read_text(errors="replace").splitlines()[-lines:]
    return "\n".join(texts)


def main(argv: list[str] | None = None) -> int:
    """Run a local Heat in the foreground until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m cfnbridge.testing.heat_server",
                                     description="A local OpenStack Heat (API, CFN API, engine) for tests.")
    parser.add_argument("--port", type=int, default=0, help="Heat API port (0: a free one)")
    parser.add_argument("--cfn-port", type=int, default=0, help="heat-api-cfn port (0: a free one)")
    parser.add_argument("--state-dir", type=Path, help="database and logs (default: a temporary directory)")
    parser.add_argument("--plugin-dir", action="append", type=Path,
                        help="Heat plugin directory (default: the no-op cloud plugins)")
    parser.add_argument("--clouds-yaml", type=Path, help="write a clouds.yaml for it here")
    parser.add_argument("--verbose", action="store_true", help="debug logging into heat.log")
    args = parser.parse_args(argv)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    with heat_server(args.state_dir, port=args.port, cfn_port=args.cfn_port,
                     plugin_dirs=args.plugin_dir, verbose=args.verbose) as heat:
        print(f"Heat API:      {heat.endpoint}")
        print(f"heat-api-cfn:  {heat.cfn_endpoint}")
        print(f"log:           {heat.log_file}")
        if args.clouds_yaml:
            print(f"clouds.yaml:   {heat.write_clouds_yaml(args.clouds_yaml)} (cloud: local-heat)")
        print("Ctrl-C stops it.", flush=True)
        try:
            while not stopping.wait(0.5) and heat.process.poll() is None:
                pass
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
