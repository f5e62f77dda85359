"""The call merge benchmark runs and reports a merge that keeps up with the calls."""

from bench import callmerge


def test_the_call_merge_benchmark_reports_cpu_per_minute_of_call():
    entry = callmerge.run(quick=True)["callmerge"]
    measured = entry["measured"]
    assert measured["minutes"] == 1
    assert abs(measured["duration_seconds"] - 60) <= 1
    assert 0 < measured["cpu_seconds_per_minute"] < 60
    assert entry["ratio"] == round(measured["cpu_seconds_per_minute"] / 60, 4)
    assert entry["ok"] is True
