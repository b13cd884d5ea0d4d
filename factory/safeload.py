"""Bounded JSON and YAML loading: the one loader for every file the factory reads.

A document of a few hundred bytes can cost without bound: YAML aliases nested eight levels
deep (a "billion laughs") parse in milliseconds into a graph of shared lists that any walk
over the document expands to tens of millions of nodes, and deeply nested brackets overflow
the interpreter's stack in the parser or in whatever recursive code reads the value later
(jsonschema, ``copy.deepcopy``). ``loads_json`` and ``loads_yaml`` bound both: the nesting
depth of the value and the number of nodes its aliases add when expanded, and refuse a
document that refers to itself. They raise ``ShapeError``, a ``ValueError`` like
``json.JSONDecodeError``, so a reader that already answers malformed JSON with one clear line
answers these the same way.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

#: Depth allowed in a file people or the factory write (contracts are 6 levels deep, specs
#: rarely pass 30); below the depth at which recursive readers such as jsonschema overflow.
MAX_DEPTH = 100
#: Nodes YAML aliases may add to a document when expanded: a real spec reuses a few schemas
#: (a few thousand nodes); a "billion laughs" of 8 levels adds 48 million.
MAX_ALIAS_NODES = 1_000_000

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C loader: ~10x faster


class ShapeError(ValueError):
    """A parsed value too deep, too big once its aliases are expanded, or holding itself."""


def loads_json(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` with the depth bounded.

    Raises:
        json.JSONDecodeError: malformed JSON.
        ShapeError: nested deeper than ``max_depth``.
    """
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ShapeError(_too_deep(max_depth)) from exc
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # a number past Python's 4,300-digit conversion limit
        raise ShapeError(f"a value the parser refuses ({exc})") from exc
    check_shape(data, max_depth=max_depth)
    return data


def loads_yaml(
    text: str, *, max_depth: int = MAX_DEPTH, max_alias_nodes: int = MAX_ALIAS_NODES
) -> Any:
    """PyYAML's safe loader (the C one when built) with depth and alias expansion bounded.

    Raises:
        yaml.YAMLError: malformed YAML.
        ShapeError: too deep, aliases that expand past ``max_alias_nodes`` nodes, or an alias
            that refers to the node holding it.
    """
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader (C or Python)
    except RecursionError as exc:
        raise ShapeError(_too_deep(max_depth)) from exc
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml's own bound, at 1,000 levels
            raise ShapeError(_too_deep(max_depth)) from exc
        raise
    check_shape(data, max_depth=max_depth, max_alias_nodes=max_alias_nodes)
    return data


def check_shape(
    root: Any, *, max_depth: int = MAX_DEPTH, max_alias_nodes: int = MAX_ALIAS_NODES
) -> None:
    """Refuse a parsed value that is too deep, holds itself, or expands past the bound.

    Iterative and linear in the number of *distinct* containers: a container reached again
    (a YAML alias) is not walked again; its expanded size and height are remembered.

    Raises:
        ShapeError: what is wrong, in words.
    """
    size: dict[int, int] = {}  # id of a finished container -> nodes once expanded
    height: dict[int, int] = {}
    open_ids: set[int] = set()  # the containers on the current path
    distinct = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_ids.discard(key)
            total, tallest, scalars = 1, 0, 0
            for child in _children(node):
                if isinstance(child, (dict, list)):
                    total += size[id(child)]
                    tallest = max(tallest, height[id(child)])
                else:
                    total += 1
                    scalars += 1
            distinct += 1 + scalars
            size[key], height[key] = total, tallest + 1
            if tallest + 1 > max_depth:
                raise ShapeError(_too_deep(max_depth))
            if total - distinct > max_alias_nodes:
                raise ShapeError(
                    f"aliases expand the document past {max_alias_nodes:,} added nodes "
                    "(an alias bomb?)"
                )
            continue
        if not isinstance(node, (dict, list)) or key in size:
            continue
        if key in open_ids:
            raise ShapeError("an alias refers to the node that holds it (a cycle)")
        if len(open_ids) >= max_depth:
            raise ShapeError(_too_deep(max_depth))
        open_ids.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _children(node: dict[Any, Any] | list[Any]) -> Any:
    return node.values() if isinstance(node, dict) else node


def _too_deep(max_depth: int) -> str:
    return f"nested more than {max_depth} levels deep"
