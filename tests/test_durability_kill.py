"""A writer killed at any moment never damages the store or loses a record whose save had
returned; two processes writing one profile at once lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook.records import CheckIn
from workbook.store import Store, create_profile

# The writer: saves check-ins (one at a time or in batches, notes of varying size) and
# prints each id only after its save has returned.
WRITER = r"""
import random, sys
from workbook.records import CheckIn
from workbook.store import Store

path, tag, seed, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
store = Store(path)
print("ready", flush=True)
i = 0
while limit <= 0 or i < limit:
    size = rng.choice([0, 10, 200, 2000, 20000])
    if rng.random() < 0.3:
        batch = [CheckIn(id=f"{tag}-{i + k}", note="é" * size, pleasantness=rng.uniform(-1, 1))
                 for k in range(rng.randint(2, 6))]
        store.save_many(batch)
    else:
        batch = [store.save(CheckIn(id=f"{tag}-{i}", note="x" * size, words=["tired"]))]
    i += len(batch)
    sys.stdout.write("".join(r.id + "\n" for r in batch))
    sys.stdout.flush()
"""

KILLS = 30
SEED = 20261122


def start_writer(path: Path, tag: str, seed: int, limit: int = 0) -> subprocess.Popen:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(seed), str(limit)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def saved_ids(output: bytes) -> set[str]:
    """Ids on complete lines only: a line cut by the kill was not acknowledged."""
    lines = output.decode("utf-8", "replace").split("\n")[:-1]
    return {line for line in lines if line and line != "ready"}


@pytest.fixture
def profile():
    with create_profile("durable") as s:
        s.agree()
        return s.path


@pytest.mark.slow
def test_writer_killed_at_random_moments_leaves_a_sound_store_with_every_saved_record(profile):
    rng = random.Random(SEED)
    acknowledged: set[str] = set()
    mid_write = 0
    for round_no in range(KILLS):
        child = start_writer(profile, f"r{round_no}", rng.randrange(10**9))
        if round_no % 6 == 5:
            time.sleep(rng.uniform(0.0, 0.15))  # sometimes while it is still opening
        else:
            assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
            time.sleep(rng.uniform(0.01, 0.25))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err.decode()
        got = saved_ids(out)
        mid_write += bool(got)
        acknowledged |= got

        with Store(profile) as store:
            assert store.integrity_ok(), f"integrity check failed after kill {round_no}"
            missing = [i for i in acknowledged if store.get(CheckIn, i) is None]
            assert not missing, f"after kill {round_no}, saved records are missing: " \
                                f"{sorted(missing)[:5]}"
            for i in sorted(got)[-3:]:
                note = store.get(CheckIn, i).note
                assert note in ("", "x" * len(note), "é" * len(note))
    assert mid_write >= KILLS // 2, "most kills should land while records are being written"
    assert len(acknowledged) > 50
    print(f"{KILLS} kills, {mid_write} while writing, {len(acknowledged)} acknowledged records")


@pytest.mark.slow
def test_two_processes_writing_one_profile_at_once_lose_nothing(profile):
    writers = [start_writer(profile, tag, seed, limit=120) for tag, seed in (("a", 1), ("b", 2))]
    outputs = [w.communicate(timeout=120) for w in writers]
    for w, (out, err) in zip(writers, outputs):
        assert w.returncode == 0, err.decode()
    expected = saved_ids(outputs[0][0]) | saved_ids(outputs[1][0])
    assert len(expected) >= 240
    with Store(profile) as store:
        assert store.integrity_ok()
        present = {row["id"] for row in store.raw(CheckIn.kind)}
    assert expected <= present
    assert {i.split("-")[0] for i in present} == {"a", "b"}


RESTORER = r"""
import sys
from pathlib import Path
from workbook import bundle

data = Path(sys.argv[1]).read_bytes()
print("ready", flush=True)
i = 0
while True:
    bundle.restore(data, into=f"copy {i}")
    print(f"copy {i}", flush=True)
    i += 1
"""


@pytest.mark.slow
def test_a_restore_killed_midway_never_leaves_half_a_profile(tmp_path):
    from workbook import bundle, sample
    from workbook.store import list_profiles

    with sample.create("demo") as demo:
        expected = demo.counts()
        data = tmp_path / "demo.zip"
        data.write_bytes(bundle.export(demo))
    rng = random.Random(SEED)
    finished: set[str] = set()
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", RESTORER, str(data)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        finished |= saved_ids(out)
        for name in list_profiles():
            with Store.open(name) as store:
                assert store.integrity_ok()
                assert store.counts() == expected, f"{name} is incomplete"
        assert finished <= set(list_profiles())
    assert finished, "at least one restore finished before its kill"
