"""The collector pause of the big computations (common.perf) leaves the collector as it was."""

import gc

from hjemvej.common.perf import collector_paused, without_collector


def test_the_collector_runs_again_after_the_block_even_after_an_error():
    assert gc.isenabled()
    try:
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():  # nested: the inner block does not turn it back on
                pass
            assert not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_paused_collector_stays_paused():
    gc.disable()
    try:

        @without_collector
        def compute(x: int) -> int:
            assert not gc.isenabled()
            return x + 1

        assert compute(1) == 2
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_web_worker_freezes_what_is_loaded_and_collects_the_young_less_often():
    from hjemvej.common.perf import WEB_GC_THRESHOLD, settle_for_serving

    before = gc.get_threshold()
    try:
        settle_for_serving()
        assert gc.get_threshold() == WEB_GC_THRESHOLD
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_after_each_response_the_young_are_collected_and_every_hundredth_all(monkeypatch):
    from hjemvej.common import perf
    from hjemvej.ops import gunicorn_hooks

    collected = []
    monkeypatch.setattr(perf.gc, "collect", lambda generation=2: collected.append(generation))
    monkeypatch.setattr(perf, "_responses", [0])
    for _ in range(perf.FULL_COLLECTION_EVERY):
        gunicorn_hooks.post_request(None, None, {}, None)  # gunicorn's hook, as it calls it
    assert collected == [1] * (perf.FULL_COLLECTION_EVERY - 1) + [2]
