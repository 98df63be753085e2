"""`@frozen` (mediator_app/frozen.py) behaves as `@dataclass(frozen=True)` where the program relies on it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field

import pytest

from mediator_app.domain.money import Money
from mediator_app.errors import FieldError
from mediator_app.frozen import frozen


@frozen
class Point:
    x: int
    y: int = 0
    note: str = field(default="", compare=False)


@frozen(eq=False)
class Handle:
    name: str


@frozen
class Derived:
    text: str
    length: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.text))


@frozen
class OwnHash:
    key: str
    extra: int

    def __hash__(self) -> int:
        return hash(self.key)


@frozen
class Point3(Point):
    z: int = 0


def test_a_field_is_set_once_and_never_changed_or_deleted() -> None:
    p = Point(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.x
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.other = 1  # type: ignore[attr-defined]
    assert (p.x, p.y) == (1, 2)


def test_post_init_may_set_a_derived_field() -> None:
    assert Derived("调解").length == 2


def test_equal_and_hashed_by_the_compared_fields() -> None:
    assert Point(1, 2, note="a") == Point(1, 2, note="b")
    assert hash(Point(1, 2, note="a")) == hash(Point(1, 2, note="b"))
    assert Point(1, 2) != Point(1, 3)
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    assert FieldError("a", "b") == FieldError("a", "b")
    assert FieldError("a", "b") != FieldError("a", "c")


def test_instances_of_other_classes_are_never_equal() -> None:
    assert Point(1, 2) != (1, 2)  # type: ignore[comparison-overlap]
    assert Point(1, 2) != Point3(1, 2)
    assert Point3(1, 2, z=3) == Point3(1, 2, z=3)
    assert Point3(1, 2, z=3) != Point3(1, 2, z=4)


def test_eq_false_compares_and_hashes_by_identity() -> None:
    a, b = Handle("x"), Handle("x")
    assert a != b
    assert a == a
    assert len({a, b}) == 2


def test_a_class_keeps_its_own_hash() -> None:
    assert hash(OwnHash("k", 1)) == hash("k")
    assert OwnHash("k", 1) != OwnHash("k", 2)


def test_replace_copy_and_pickle_work() -> None:
    p = Point(1, 2, note="n")
    assert dataclasses.replace(p, y=5) == Point(1, 5)
    assert copy.deepcopy(p) == p
    assert pickle.loads(pickle.dumps(p)) == p
    assert dataclasses.asdict(p) == {"x": 1, "y": 2, "note": "n"}


def test_order_true_keeps_the_comparisons() -> None:
    assert Money(100) < Money(200)
    assert sorted([Money(3), Money(1)]) == [Money(1), Money(3)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Money(1).fen = 2  # type: ignore[misc]
