"""A real JupyterHub on 127.0.0.1 with a few local accounts, for trying the career-centre
setup (``make hub``) and for its test (``tests/hub/test_hub.py``).

It uses ``jupyterhub_config.py`` beside this file unchanged, through a small config that
loads it and sets only what a trial needs (port, where the hub keeps its state, the proxy).
Accounts are real system users (PAM checks their passwords; each server runs as its user),
so this needs root. ``--remove`` takes the trial accounts and the hub's state away again.

    python deploy/jupyterhub/trial.py [--port 8000] [--remove]
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"

#: The trial's accounts: two clients and a counselor (who lands in JupyterLab).
TRIAL_USERS = (("wb-ana", False), ("wb-ben", False), ("wb-cora", True))
TRIAL_GROUP, TRIAL_COUNSELORS = "workbook", "workbook-counselors"
TRIAL_STATE = Path("/srv/workbook-hub-trial")


def _run(*cmd: str, stdin: str | None = None) -> None:
    subprocess.run(cmd, input=stdin, text=True, check=True, capture_output=True)


def ensure_group(name: str) -> None:
    """Create the Unix group ``name`` unless it exists."""
    if subprocess.run(["getent", "group", name], capture_output=True).returncode != 0:
        _run("groupadd", name)


def remove_group(name: str) -> None:
    if subprocess.run(["getent", "group", name], capture_output=True).returncode == 0:
        _run("groupdel", name)


def create_user(name: str, password: str, groups: list[str], home: Path | None = None) -> None:
    """A system user who can sign in with ``password`` but has no login shell, in ``groups``.

    The home is made by useradd (0755 on Debian): the hub's config makes it private on the
    first start, which the test checks."""
    cmd = ["useradd", "--create-home", "--shell", "/usr/sbin/nologin", "--groups",
           ",".join(groups)]
    if home is not None:
        cmd += ["--home-dir", str(home)]
    if user_exists(name):
        _run("usermod", "--groups", ",".join(groups), name)
    else:
        _run(*cmd, name)
    _run("chpasswd", stdin=f"{name}:{password}\n")


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def remove_user(name: str) -> None:
    """Stop everything running as ``name``, then remove the user and their home."""
    if not user_exists(name):
        return
    kill_user_processes(pwd.getpwnam(name).pw_uid)
    _run("userdel", "--remove", name)


def kill_user_processes(uid: int, timeout: float = 10.0) -> None:
    """End every process running as ``uid`` (their server and kernels), by process id."""
    import psutil

    procs = [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]
    for p in procs:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)


def write_config(state: Path, port: int, extra: str = "") -> Path:
    """The trial's config: the centre's config unchanged, then the trial's few settings."""
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    path = state / "trial_config.py"
    path.write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(CONFIG)!r})  # noqa: F821\n"
        f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'\n"
        # the proxy's own API on a free port too, so two hubs never collide
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
        f"c.JupyterHub.hub_port = {free_port()}\n"
        + extra)
    return path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_environment(state: Path, proxy: Path, group: str, counselors: str,
                    python: str = sys.executable) -> dict[str, str]:
    """The environment the hub runs with: its state, the proxy, who may sign in."""
    env = dict(os.environ)
    env.update({
        "WORKBOOK_HUB_STATE": str(state),
        "WORKBOOK_HUB_PROXY": str(proxy),
        "WORKBOOK_HUB_GROUP": group,
        "WORKBOOK_HUB_COUNSELORS": counselors,
        "PATH": f"{Path(python).parent}{os.pathsep}{env.get('PATH', '')}",
    })
    return env


def start_hub(config: Path, env: dict[str, str], log: Path,
              python: str = sys.executable) -> subprocess.Popen:
    """Start JupyterHub (and so its proxy and idle culler) in its own process group, with
    ``python`` from the environment that holds jupyterhub."""
    fh = open(log, "ab")
    try:
        return subprocess.Popen([python, "-m", "jupyterhub", "-f", str(config)],
                                cwd=str(config.parent), env=env, stdout=fh,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    finally:
        fh.close()


def wait_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> float:
    """Wait until the hub answers ``url``/hub/api; returns the seconds it took."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with {proc.returncode}:\n"
                               + log.read_text(errors="replace")[-4000:])
        try:
            with urllib.request.urlopen(f"{url}/hub/api", timeout=2) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"JupyterHub did not answer within {timeout:.0f} s:\n"
                       + log.read_text(errors="replace")[-4000:])


def stop_hub(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Stop the hub and everything in its process group (the proxy, the idle culler).

    Users' servers run in sessions of their own and are left running, as on a real hub
    restart (``cleanup_servers = False``)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if proc.poll() is None:
        proc.wait(timeout=5)


def _remove_trial() -> None:
    for name, _ in TRIAL_USERS:
        remove_user(name)
    remove_group(TRIAL_COUNSELORS)
    remove_group(TRIAL_GROUP)
    shutil.rmtree(TRIAL_STATE, ignore_errors=True)
    print("Removed the trial accounts, their homes and the hub's state.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--proxy", type=Path, required=False,
                        help="configurable-http-proxy to use (make hub installs one)")
    parser.add_argument("--remove", action="store_true",
                        help="remove the trial accounts, their homes and the hub's state")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("The trial hub creates system users and runs each server as its user: run it "
              "as root (sudo make hub).", file=sys.stderr)
        return 1
    if args.remove:
        _remove_trial()
        return 0
    ensure_group(TRIAL_GROUP)
    ensure_group(TRIAL_COUNSELORS)
    lines = []
    for name, counselor in TRIAL_USERS:
        password = secrets.token_urlsafe(9)
        create_user(name, password, [TRIAL_GROUP] + ([TRIAL_COUNSELORS] if counselor else []))
        lines.append(f"  {name:8} {password}   {'counselor' if counselor else 'client'}")
    config = write_config(TRIAL_STATE, args.port)
    log = TRIAL_STATE / "hub.log"
    env = hub_environment(TRIAL_STATE, args.proxy or Path("configurable-http-proxy"),
                          TRIAL_GROUP, TRIAL_COUNSELORS)
    proc = start_hub(config, env, log)
    # `kill PID` stops the trial as cleanly as Ctrl-C does
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        seconds = wait_ready(f"http://127.0.0.1:{args.port}", proc, log)
        print(f"JupyterHub is up at http://127.0.0.1:{args.port}/ ({seconds:.1f} s). "
              "Sign in as:\n" + "\n".join(lines)
              + f"\nIts log: {log}. Ctrl-C stops it; `make hub-clean` removes the accounts.")
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_hub(proc)
        for name, _ in TRIAL_USERS:
            kill_user_processes(pwd.getpwnam(name).pw_uid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
