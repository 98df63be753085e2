"""The benchmarks keep what they generate in the user's cache folder by default, not in one machine's
folders, and the defaults of the benchmarks that share a kept cluster name the same folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import bench_county, bench_replica, bench_search, bench_walk, demo_bench


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    if sys.platform != "linux":
        pytest.skip("XDG_CACHE_HOME names the cache folder on Linux only")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "mediator-bench"


def test_cache_folder_is_the_users(cache: Path) -> None:
    assert bench_search.cache_dir() == cache
    assert bench_search.cache_dir(str(cache.parent / "own")) == cache.parent / "own"


def test_county_cluster_folder_is_per_size_in_the_cache(cache: Path) -> None:
    assert bench_county.parse_args([]).data_dir == cache / "county-1000000"
    assert bench_county.parse_args(["--cases", "100000"]).data_dir == cache / "county-100000"
    assert bench_county.parse_args(["--data-dir", "/srv/kept"]).data_dir == Path("/srv/kept")


def test_walk_and_replica_find_the_clusters_bench_county_keeps(cache: Path) -> None:
    assert bench_walk.parse_args([]).data_dir == bench_county.parse_args([]).data_dir
    hundred_thousand = bench_county.parse_args(["--cases", "100000"]).data_dir
    assert bench_replica.parse_args([]).cluster == hundred_thousand / "cluster"
    assert str(cache) in str(hundred_thousand)


def test_statistics_demo_file_is_in_the_cache() -> None:
    args = demo_bench.demo_parser("", 3).parse_args([])
    assert args.db == demo_bench.DEMO_DB
    assert args.db.parent == bench_search.cache_dir()
