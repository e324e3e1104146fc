"""Batch calls release the GIL and answer Ctrl-C."""

from __future__ import annotations

import os
import signal
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


@pytest.mark.parametrize("which", ["valence_batch", "polarity_scores_batch"])
def test_batch_releases_gil(which) -> None:
    a, s = Analyzer(), SentimentIntensityAnalyzer()
    batch = a.valence_batch if which == "valence_batch" else s.polarity_scores_batch
    t0 = time.perf_counter()
    batch([LINE] * 2000)
    per_text = (time.perf_counter() - t0) / 2000
    texts = [LINE] * int(0.8 / per_text)  # about 0.8 s of work
    elapsed, gap, count = _gaps_during(lambda: batch(texts))
    assert elapsed > 0.2, "work too short to judge"
    # Holding the GIL would leave one gap as long as the whole call (and almost no tick);
    # the margin is wide because a busy machine also delays the ticking thread.
    assert gap < elapsed / 2, (elapsed, gap, count)
    assert count > 10


def test_ctrl_c_interrupts_batch() -> None:
    a = Analyzer()
    text = " ".join([LINE] * 20)
    t0 = time.perf_counter()
    a.valence_batch([text] * 2000)
    per_text = (time.perf_counter() - t0) / 2000
    n = int(6.0 / per_text)  # a batch that would run for about six seconds
    texts = [text] * n
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    t0 = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        a.valence_batch(texts)
    took = time.perf_counter() - t0
    timer.cancel()
    assert took < 3.0, took
