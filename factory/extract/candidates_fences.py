"""Where the harvester's line reader finds code fences and front matter, as renderers do.

- A fence closes only on a line of nothing but the fence's characters (CommonMark): a line
  "```json" opens the next block, it does not close the open one. Taken for a closer, it
  would shift every later fence by one and swallow the page's tables as code.
- A formatter may collapse a block onto wrapped lines, its first code on the fence's line and
  its closing fence at the end of its last line (```` ```bash curl -X POST \\ ```` ...
  ```` value(); ``` ````, as MDX pages inside tab components are often written). Such a
  block ends at the first line that ends in the fence.
- A YAML front matter block (``---`` first, up to the next ``---``) holds the page's settings:
  its keys (``sidebar:``, ``order:``) are no terms of the page.
"""

from __future__ import annotations

__all__ = ["collapsed_fence", "fence_closes", "front_matter_end"]

_FRONT_MATTER_LINES = 200  # a front matter block is short; a page of rules is no such block


def collapsed_fence(line: str, fence: str) -> bool:
    """Whether an opening fence line holds code after its language word (a collapsed block).

    Args:
        line: the opening line.
        fence: the fence it opens (three backticks or tildes).
    """
    info = line.strip()[len(fence) :].lstrip(fence[:1]).strip()
    return len(info.split()) > 1


def fence_closes(stripped: str, fence: str, collapsed: bool) -> bool:
    """Whether a line (stripped) closes the open fence.

    Args:
        stripped: the line without surrounding white space.
        fence: the open fence's characters.
        collapsed: whether the block was opened collapsed (see ``collapsed_fence``).
    """
    if stripped.startswith(fence) and not stripped.lstrip(fence[:1]):
        return True
    return collapsed and stripped.endswith(fence)


def front_matter_end(lines: list[str]) -> int:
    """The index of the first line after a leading YAML front matter block (0 without one)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index, line in enumerate(lines[1:_FRONT_MATTER_LINES], start=1):
        if line.strip() in ("---", "..."):
            return index + 1
    return 0
