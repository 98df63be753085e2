"""`@frozen`: the program's immutable dataclasses, without four compiled methods per class.

`@dataclass(frozen=True)` writes and compiles a `__setattr__` and a `__delattr__` for every class,
and with `eq=True` an `__eq__` and a `__hash__` (Python 3.11 compiles each generated method on its own,
`exec` of its source). 37 of the 52 dataclasses a `mediator-cli render agreement` imports are frozen;
their 120 such compiles were ~10 % of the command's instructions (callgrind: docs/tech-notes.md, "The
print command"). Here every frozen class shares these four methods, written once; `dataclasses` still
writes its `__init__` (and `__repr__`, and the comparisons of `order=True`):

- a field is set once, by `__init__` (or `__post_init__` through `object.__setattr__`, as before);
  setting it again, setting any other attribute, or deleting one raises
  `dataclasses.FrozenInstanceError`, as `frozen=True` does;
- `eq=True` (the default) keeps what `frozen=True` gives: two instances of the same class are equal
  when their fields are (those with `compare=False` left out), and the hash is taken over the same
  fields, unless the class writes its own `__eq__` or `__hash__`; `eq=False` compares and hashes by
  identity;
- `dataclasses.replace`, `fields`, `asdict`, copying and pickling work as on any dataclass.

The price is paid per instance instead of per class: `__init__` sets each field through the shared
`__setattr__`, so an instance of ten fields takes 1.6 µs to build against 1.1 µs (timeit); a print
builds a few hundred. A record with `__slots__` cannot be `@frozen` (it has no instance dict).

To the type checker the decorator is a frozen dataclass (`dataclass_transform`, `frozen_default`):
mypy reports an assignment to a field as it did for `frozen=True`. Every immutable dataclass of the
program uses `@frozen`; `dataclasses` itself would refuse a `frozen=True` class over an `@frozen` one
("cannot inherit frozen dataclass from a non-frozen one"), so there is one road, tests included.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")


def _set_once(self: Any, name: str, value: object) -> None:
    # The instance's dict written directly: a field is a plain attribute (no slots, no descriptor),
    # and `object.__setattr__` made an instance of ten fields 2.7 µs to build against 1.6 µs (1.1 µs
    # with `frozen=True`'s compiled methods; timeit, 2026-12-07).
    own = self.__dict__
    if name in own or name not in self.__dataclass_fields__:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    own[name] = value


def _never_delete(_self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _same_fields(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = self._frozen_compared
    return compared(self) == compared(other)


def _fields_hash(self: Any) -> int:
    return hash(self._frozen_hashed(self))


def _getter(names: list[str]) -> Callable[[object], object]:
    """The fields `names` of an instance as one tuple (attrgetter alone gives a bare value for one)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names) if names else lambda _obj: ()


def _has_own_hash(cls: type) -> bool:
    """`dataclasses`' own test: a `__hash__` written in the class body (a body that writes only
    `__eq__` has `__hash__ = None` put there by Python, which does not count)."""
    own = cls.__dict__.get("__hash__", dataclasses.MISSING)
    return not (own is dataclasses.MISSING or (own is None and "__eq__" in cls.__dict__))


def _make(cls: type[_T], eq: bool, repr: bool, order: bool) -> type[_T]:
    own_hash = _has_own_hash(cls)
    if order:  # the comparisons need dataclasses' own __eq__ (one class: Money)
        made = dataclasses.dataclass(cls, eq=True, repr=repr, order=True, unsafe_hash=not own_hash)
    else:
        made = dataclasses.dataclass(cls, eq=False, repr=repr)
        if eq:
            fields = dataclasses.fields(made)  # type: ignore[arg-type]
            made._frozen_compared = _getter([f.name for f in fields if f.compare])  # type: ignore[attr-defined]
            hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
            made._frozen_hashed = _getter(hashed)  # type: ignore[attr-defined]
            if "__eq__" not in cls.__dict__:
                made.__eq__ = _same_fields  # type: ignore[method-assign]
            if not own_hash:
                made.__hash__ = _fields_hash  # type: ignore[method-assign]
    made.__setattr__ = _set_once  # type: ignore[method-assign]
    made.__delattr__ = _never_delete  # type: ignore[method-assign]
    return made


@overload
def frozen(cls: type[_T], /) -> type[_T]: ...


@overload
def frozen(*, eq: bool = True, repr: bool = True, order: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[_T] | None = None, /, *, eq: bool = True, repr: bool = True, order: bool = False) -> Any:
    """The class as an immutable dataclass (see the module's docstring); `@frozen` or `@frozen(eq=False)`."""
    if cls is None:
        return lambda c: _make(c, eq, repr, order)
    return _make(cls, eq, repr, order)
