"""A small validator for a subset of JSON Schema, with messages in Chinese and English naming the JSON path.

The project does not depend on `jsonschema`; the form definitions (forms/*.json) need only a few
keywords, implemented here:

``type`` (one name or a list), ``properties``, ``required``, ``additionalProperties`` (false or a
schema), ``items``, ``enum``, ``minimum``, ``maximum``, ``minItems``, ``minLength``, ``$ref`` to
``#/definitions/<name>`` of the root schema, and one extension, ``discriminator``: an object is
checked against the schema chosen by the value of one of its properties
(``{"property": "type", "mapping": {"text": {...}, "grid": {...}}}``), which gives precise messages
where ``oneOf`` would only say "matches none".

Every problem is collected (the validator never stops at the first), each as a `Problem` whose
path reads like ``sections[3].rows[0][1].field``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from mediator_app.frozen import frozen

Schema = Mapping[str, Any]

_TYPE_NAMES_ZH = {
    "object": "对象",
    "array": "列表",
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "null": "null",
}


# repr=False: no generated __repr__ (each method a dataclass generates is compiled in every new
# process: a print command's ~50 classes took ~14 % of it, docs/documents.md "Speed").
@frozen(repr=False)
class Problem:
    """One problem found in a form definition file, worded in Chinese and in English."""

    path: str  # e.g. sections[3].rows[0][1].field; "" for the document itself
    zh: str
    en: str

    def __str__(self) -> str:
        where = self.path or "（顶层）"
        return f"{where}：{self.zh}（{self.en}）"


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "null":
        return value is None
    raise ValueError(f"unknown schema type {name!r}")


def _type_label(names: list[str]) -> tuple[str, str]:
    return "或".join(_TYPE_NAMES_ZH[n] for n in names), " or ".join(names)


class Validator:
    """Validates instances against one root schema (the owner of ``definitions``)."""

    def __init__(self, root: Schema) -> None:
        self.root = root

    def validate(self, instance: Any) -> list[Problem]:
        return list(self._check(instance, self.root, ""))

    def _resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            ref: str = schema["$ref"]
            prefix = "#/definitions/"
            if not ref.startswith(prefix):
                raise ValueError(f"unsupported $ref {ref!r}")
            schema = self.root["definitions"][ref[len(prefix) :]]
        return schema

    def _check(self, value: Any, schema: Schema, path: str) -> Iterator[Problem]:
        schema = self._resolve(schema)
        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else list(types)
            if not any(_is_type(value, n) for n in names):
                zh, en = _type_label(names)
                yield Problem(path, f"应为{zh}", f"expected {en}")
                return
        if "enum" in schema and value not in schema["enum"]:
            options = " / ".join(str(o) for o in schema["enum"])
            yield Problem(path, f"应为 {options} 之一，现为“{value}”", f"must be one of {options}, not {value!r}")
        yield from self._check_number(value, schema, path)
        if isinstance(value, str) and len(value) < schema.get("minLength", 0):
            yield Problem(path, "不能为空", "must not be empty")
        if isinstance(value, list):
            yield from self._check_array(value, schema, path)
        if isinstance(value, dict):
            yield from self._check_object(value, schema, path)

    def _check_number(self, value: Any, schema: Schema, path: str) -> Iterator[Problem]:
        if not _is_type(value, "number"):
            return
        if "minimum" in schema and value < schema["minimum"]:
            yield Problem(path, f"不能小于 {schema['minimum']}", f"must be >= {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            yield Problem(path, f"不能大于 {schema['maximum']}", f"must be <= {schema['maximum']}")

    def _check_array(self, value: list[Any], schema: Schema, path: str) -> Iterator[Problem]:
        if len(value) < schema.get("minItems", 0):
            yield Problem(path, f"至少应有 {schema['minItems']} 项", f"needs at least {schema['minItems']} item(s)")
        items = schema.get("items")
        if items is not None:
            for i, item in enumerate(value):
                yield from self._check(item, items, join(path, i))

    def _check_object(self, value: dict[str, Any], schema: Schema, path: str) -> Iterator[Problem]:
        for key in schema.get("required", ()):
            if key not in value:
                yield Problem(join(path, key), "缺少此项", "required property is missing")
        properties: Mapping[str, Schema] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                yield from self._check(item, properties[key], join(path, key))
            elif extra is False:
                known = "、".join(properties) or "无"
                yield Problem(
                    join(path, key),
                    f"未知的项（可用：{known}）",
                    f"unknown property (allowed: {', '.join(properties)})",
                )
            elif isinstance(extra, Mapping):
                yield from self._check(item, extra, join(path, key))
        discriminator = schema.get("discriminator")
        if discriminator is not None:
            yield from self._check_variant(value, discriminator, path)

    def _check_variant(self, value: dict[str, Any], discriminator: Schema, path: str) -> Iterator[Problem]:
        prop: str = discriminator["property"]
        mapping: Mapping[str, Schema] = discriminator["mapping"]
        kind = value.get(prop)
        if kind is None:
            yield Problem(join(path, prop), "缺少此项", "required property is missing")
        elif kind not in mapping:
            options = " / ".join(mapping)
            yield Problem(
                join(path, prop), f"应为 {options} 之一，现为“{kind}”", f"must be one of {options}, not {kind!r}"
            )
        else:
            yield from self._check(value, mapping[kind], path)
