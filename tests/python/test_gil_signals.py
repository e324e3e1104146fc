"""Batch calls release the GIL and answer Ctrl-C.

These checks time threads against each other, so each runs in a fresh interpreter: threads
that earlier tests leave behind (a Dask cluster's event loop) would otherwise take the GIL
and the CPU at random moments and fail them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from stancelens import Analyzer
from stancelens.vader import SentimentIntensityAnalyzer

LINE = "The talks were not good, but the food was great and the hosts were very kind!"


def _gaps_during(work) -> tuple:
    """Run `work` in this thread while another thread ticks; the longest gap between ticks
    shows whether the GIL was free during the work."""
    ticks = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.05)
    t0 = time.perf_counter()
    result = work()
    t1 = time.perf_counter()
    elapsed = t1 - t0
    stop.set()
    t.join()
    # Freeing the results afterwards needs the GIL; only the call itself is judged.
    del result
    during = [x for x in ticks if t0 <= x <= t1]
    gaps = [b - a for a, b in zip(during, during[1:])]
    return elapsed, max(gaps, default=elapsed), len(during)


def _in_fresh_interpreter(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("which", ["valence_batch", "polarity_scores_batch"])
def test_batch_releases_gil(which) -> None:
    _in_fresh_interpreter("releases_gil", which)


def test_ctrl_c_interrupts_batch() -> None:
    _in_fresh_interpreter("ctrl_c")


def check_batch_releases_gil(which) -> None:
    a, s = Analyzer(), SentimentIntensityAnalyzer()
    batch = a.valence_batch if which == "valence_batch" else s.polarity_scores_batch
    batch([LINE] * 200)  # warm up: the first call builds the tables
    t0 = time.perf_counter()
    batch([LINE] * 2000)
    per_text = (time.perf_counter() - t0) / 2000
    n = int(0.8 / per_text)  # about 0.8 s of work
    for _ in range(4):
        texts = [LINE] * n
        elapsed, gap, count = _gaps_during(lambda: batch(texts))
        if elapsed > 0.2:
            break
        n *= 4  # the planning run was slow (a busy machine): too short to judge, longer
    assert elapsed > 0.2, "work too short to judge"
    # Holding the GIL would leave one gap as long as the whole call (and almost no tick);
    # the margin is wide because a busy machine also delays the ticking thread.
    assert gap < elapsed / 2, (elapsed, gap, count)
    assert count > 10


def check_ctrl_c_interrupts_batch() -> None:
    # Python installs its Ctrl-C handler only when SIGINT was not ignored at start-up, and a
    # background job of a non-interactive shell (how CI may start us) inherits it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    a = Analyzer()
    text = " ".join([LINE] * 20)
    a.valence_batch([text] * 200)  # warm up: the first call is not the speed to plan with
    t0 = time.perf_counter()
    a.valence_batch([text] * 2000)
    per_text = (time.perf_counter() - t0) / 2000
    n = int(6.0 / per_text)  # a batch that would run for about six seconds
    for _ in range(4):
        fired = threading.Event()

        def interrupt() -> None:
            fired.set()
            os.kill(os.getpid(), signal.SIGINT)

        timer = threading.Timer(0.3, interrupt)
        t0 = time.perf_counter()
        timer.start()
        try:
            a.valence_batch([text] * n)
        except KeyboardInterrupt:
            took = time.perf_counter() - t0
            assert fired.is_set()
            assert took < 3.0, took
            return
        finally:
            timer.cancel()
        took = time.perf_counter() - t0
        try:
            time.sleep(0.1)  # a Ctrl-C that came as the batch ended lands here
        except KeyboardInterrupt:
            pass
        # Ctrl-C came well before the end and the batch went on: that is the failure.
        assert not (fired.is_set() and took > 0.6), f"a {took:.2f} s batch ignored Ctrl-C at 0.3 s"
        n *= 8  # the batch ended before Ctrl-C came (a slow planning run): a longer one
    pytest.fail("no batch ran long enough to be interrupted")


if __name__ == "__main__":
    if sys.argv[1] == "releases_gil":
        check_batch_releases_gil(sys.argv[2])
    else:
        check_ctrl_c_interrupts_batch()
