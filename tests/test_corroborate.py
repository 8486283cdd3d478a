"""Corroboration rules: table examples from the data file, order independence, recaps."""
import random
from pathlib import Path

import pytest
import yaml

from pipeline.corroborate import ClusterItem, cluster

DATA = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "corroboration.yaml"


def item(event_id, spec):
    return ClusterItem(event_id, spec["actor"], spec["target"], spec["category"], spec["start"], spec["end"],
                       spec["granularity"], spec["story"])


@pytest.mark.parametrize("example", yaml.safe_load(DATA.read_text())["examples"])
def test_data_file_examples(example):
    result = cluster([item("a", example["a"]), item("b", example["b"])])
    assert (result["a"].cluster_id == result["b"].cluster_id) is example["same"]
    if example["same"]:
        assert result["a"].reports == 2


def barrage(event_id, story, day="2024-04-13", granularity="day", end=None, target="Israel"):
    return ClusterItem(event_id, "Iran", target, "attack", day, end or day, granularity, story)


def test_syndicated_copies_count_once_and_cluster_id_is_the_smallest_event_id():
    result = cluster([barrage("e3", "s1"), barrage("e1", "s1"), barrage("e2", "s2")])
    assert {a.cluster_id for a in result.values()} == {"e1"}
    assert {a.reports for a in result.values()} == {2}


def test_clusters_do_not_depend_on_order():
    items = [barrage(f"e{i}", f"s{i % 4}", day=f"2024-04-{10 + i % 5:02d}") for i in range(30)]
    items.append(barrage("w1", "s9", day="2024-04-08", end="2024-04-14", granularity="week"))
    first = cluster(items)
    random.Random(7).shuffle(items)
    assert cluster(items) == first


def test_a_recap_in_a_week_with_two_strikes_stays_apart():
    result = cluster([barrage("d1", "s1", day="2024-04-02"), barrage("d2", "s2", day="2024-04-05"),
                      barrage("w1", "s3", day="2024-04-01", end="2024-04-07", granularity="week")])
    assert result["d1"].cluster_id != result["d2"].cluster_id
    assert result["w1"].cluster_id == "w1"


def test_events_without_actor_are_not_clustered():
    assert cluster([ClusterItem("x", "", "", "attack", "2024-04-13", "2024-04-13", "day", "s")]) == {}
