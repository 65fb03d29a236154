"""The committed API table: its shape, known entries, and the target setting."""

from __future__ import annotations

import itertools

import pytest

from tf2lint.api_table import COMPAT, GONE, PRESENT, RENAMED, ApiTable, load_data
from tf2lint.lint import get_catalogue, lint_source


def test_table_shape() -> None:
    data = load_data()
    assert data["v1"] == "1.15.0"
    minors = [int(version.split(".")[1]) for version in data["versions"]]
    assert minors == list(range(minors[-1] + 1)) and minors[-1] >= 21  # every 2.x minor release, in order
    for name, timeline in data["names"].items():
        # change points: the value itself, or [first value, release, new value, ...] with real changes
        values = [timeline] if isinstance(timeline, str) else timeline[::2]
        assert all(s in ("", "c", "x") or s.startswith("=") for s in values), name
        if not isinstance(timeline, str):
            assert all(a != b for a, b in itertools.pairwise(values)), name
            releases = [data["versions"].index(release) for release in timeline[1::2]]
            assert releases == sorted(set(releases)) and releases[0] > 0, name
    assert data["counts"]["missing"] == len(data["names"])
    assert 800 <= data["counts"]["missing"] <= 1000 and 2000 <= data["counts"]["surviving"] <= 2600
    assert len(data["contrib_modules"]) >= 80


@pytest.mark.parametrize(
    ("name", "kind", "new"),
    [
        ("log", RENAMED, "math.log"),
        ("random_normal", RENAMED, "random.normal"),
        ("gfile.GFile", RENAMED, "io.gfile.GFile"),
        ("Session", COMPAT, ""),
        ("placeholder", COMPAT, ""),
        ("layers.dense", GONE, ""),
        ("estimator", GONE, ""),
        ("reduce_sum", PRESENT, ""),
        ("nn.relu", PRESENT, ""),
    ],
)
def test_known_entries_for_the_newest_release(name: str, kind: str, new: str) -> None:
    status = ApiTable(load_data()).status(name)
    assert status.kind == kind
    assert status.new == new


def test_removed_keywords() -> None:
    table = ApiTable(load_data())
    assert table.removed_keywords("reduce_sum")["keep_dims"] == ("keepdims", True)
    assert table.removed_keywords("reduce_sum")["reduction_indices"] == ("axis", True)
    assert "axis" not in table.removed_keywords("reduce_sum")


def test_target_decides_what_is_broken() -> None:
    old = ApiTable(load_data(), "2.15")
    new = ApiTable(load_data())
    assert old.status("estimator").kind == PRESENT
    assert new.status("estimator").kind == GONE
    assert old.status("layers.dense").kind == COMPAT  # tf.compat.v1.layers still worked with Keras 2
    with pytest.raises(ValueError):
        ApiTable(load_data(), "1.15")


def test_target_changes_findings() -> None:
    source = "import tensorflow.compat.v1 as tf\nh = tf.layers.dense(x, 3)\nr = tf.estimator.RunConfig()\n"
    newest = {d.code for d in lint_source(source, get_catalogue(None)).diagnostics}
    on_215 = {d.code for d in lint_source(source, get_catalogue("2.15")).diagnostics}
    assert "TF401" in newest and "TFK106" in newest
    assert on_215 == {"TF001", "TF003"}
