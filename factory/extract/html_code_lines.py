"""A code block that lists one scope per line, read as the list it is.

Pages put a bare list of scope names in a code block ("One scope per line:" then a fenced
block or an AsciiDoc ``----`` listing). Each line is then the whole token, with nothing
else on it. Such a block is rewritten as a ``<ul>`` of ``<li><code>token</code></li>`` just
before the page walk, so the list reader's rules decide it: only under a heading or lead that
speaks of scopes (or a grant section, see ``grant_context``), and only when most items are
scope tokens. Blocks of requests, JSON, shell commands or key/value lines never qualify:
every non-blank line must be one scope-shaped token, and the lines a uniform run of one
shape (``grant_context.uniform_scope_run``) with no protocol parameter among them.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from factory.extract.grant_context import uniform_scope_run
from factory.extract.html_tables import tags_in
from factory.extract.text import looks_like_scope, without_placeholders

__all__ = ["code_lines_as_lists"]

_MAX_LINES = 2000


def _tokens(pre: Tag) -> list[str] | None:
    lines = [line.strip() for line in pre.get_text().split("\n")]
    tokens = [line for line in lines if line]
    if not tokens or len(tokens) > _MAX_LINES:
        return None
    if any(" " in without_placeholders(t) or "\t" in t or not looks_like_scope(t) for t in tokens):
        return None
    return tokens if uniform_scope_run(tokens) else None


def code_lines_as_lists(soup: BeautifulSoup) -> int:
    """Rewrite each one-scope-per-line code block as a list of code items.

    Args:
        soup: The parsed page; changed in place.

    Returns:
        How many blocks were rewritten.
    """
    count = 0
    for pre in tags_in(soup, {"pre"}):
        # (no tag of the live tree is decomposed, and the loop only replaces blocks: bs4's
        # ``decomposed`` searched each block's whole subtree for a tag named "_decomposed")
        if pre.parent is None:
            continue
        tokens = _tokens(pre)
        if tokens is None:
            continue
        listing = soup.new_tag("ul", attrs={"data-code-lines": "1"})
        for token in tokens:
            item = soup.new_tag("li")
            code = soup.new_tag("code")
            code.string = token
            item.append(code)
            listing.append(item)
        pre.replace_with(listing)
        count += 1
    return count
