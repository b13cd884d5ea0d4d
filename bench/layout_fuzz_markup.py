"""Markup writers for ``layout_fuzz``: one class per format, the same few building blocks each.

A layout is written once in terms of these blocks (heading, paragraph, inline code, code block,
table, bullet list, definition list, accordion, tabs) and every format renders it its own way;
a format may pick a variant per page (a reST list-table with or without a header row, a grid
table; an AsciiDoc table with or without a header), recorded in ``variant``.
"""

from __future__ import annotations

import html
import random
import re


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


class Markdown:
    """CommonMark/GFM: pipe tables, ``-`` bullets, kramdown-style definition lists."""

    name = "markdown"
    ext = ".md"
    media = "text/markdown"
    linebreak = "<br>"
    components = False

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.variant = ""

    def heading(self, text: str, level: int) -> str:
        return "#" * level + " " + text

    def para(self, text: str) -> str:
        return text

    def code(self, text: str) -> str:
        return f"`{text}`"

    def codeblock(self, text: str, lang: str = "") -> str:
        return f"```{lang}\n{text}\n```"

    def table(self, header: list[str] | None, rows: list[list[str]]) -> str:
        width = len(rows[0]) if rows else len(header or [])
        head = header or [""] * width
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width]
        for row in rows:
            lines.append("| " + " | ".join(c.replace("\n", self.linebreak) for c in row) + " |")
        return "\n".join(lines)

    def bullets(self, items: list[str]) -> str:
        return "\n".join(f"- {i}" for i in items)

    def deflist(self, pairs: list[tuple[str, str]]) -> str:
        return "\n\n".join(f"{t}\n: {d}" for t, d in pairs)

    def accordion(self, pairs: list[tuple[str, str]]) -> str:
        return "\n\n".join(
            f"<details>\n<summary>{t}</summary>\n\n{d}\n\n</details>" for t, d in pairs
        )

    def tabs(self, pairs: list[tuple[str, str]]) -> str:
        return self.accordion(pairs)

    def document(self, title: str, blocks: list[str]) -> str:
        return "\n\n".join([self.heading(title, 1), *blocks]) + "\n"


class Mdx(Markdown):
    """MDX: Markdown plus JSX components with props."""

    name = "mdx"
    ext = ".mdx"
    components = True

    def accordion(self, pairs: list[tuple[str, str]]) -> str:
        items = "\n".join(f'  <Accordion title="{t}">\n    {d}\n  </Accordion>' for t, d in pairs)
        return f"<AccordionGroup>\n{items}\n</AccordionGroup>"

    def tabs(self, pairs: list[tuple[str, str]]) -> str:
        items = "\n".join(
            f'  <TabItem value="{t}" label="{t}">\n    {d}\n  </TabItem>' for t, d in pairs
        )
        return f"<Tabs>\n{items}\n</Tabs>"

    def document(self, title: str, blocks: list[str]) -> str:
        front = f"---\ntitle: {title}\n---\n\nimport {{ Tabs, TabItem }} from '@site/tabs';\n\n"
        return front + "\n\n".join(blocks) + "\n"


class Html(Markdown):
    """A raw HTML page."""

    name = "html"
    ext = ".html"
    media = "text/html"
    components = True

    def heading(self, text: str, level: int) -> str:
        return f'<h{level} id="{_slug(re.sub("<[^>]+>", "", text))}">{text}</h{level}>'

    def para(self, text: str) -> str:
        return f"<p>{text}</p>"

    def code(self, text: str) -> str:
        return f"<code>{html.escape(text)}</code>"

    def codeblock(self, text: str, lang: str = "") -> str:
        cls = f' class="language-{lang}"' if lang else ""
        return f"<pre><code{cls}>{html.escape(text, quote=False)}</code></pre>"

    def table(self, header: list[str] | None, rows: list[list[str]]) -> str:
        head = ""
        if header:
            head = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"
        body = "".join(
            "<tr>" + "".join(f"<td>{c.replace(chr(10), '<br>')}</td>" for c in row) + "</tr>"
            for row in rows
        )
        return f"<table>{head}<tbody>{body}</tbody></table>"

    def bullets(self, items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"

    def deflist(self, pairs: list[tuple[str, str]]) -> str:
        return "<dl>" + "".join(f"<dt>{t}</dt><dd>{d}</dd>" for t, d in pairs) + "</dl>"

    def accordion(self, pairs: list[tuple[str, str]]) -> str:
        return "\n".join(f"<details><summary>{t}</summary><p>{d}</p></details>" for t, d in pairs)

    def tabs(self, pairs: list[tuple[str, str]]) -> str:
        buttons = "".join(f'<button role="tab">{t}</button>' for t, _ in pairs)
        panels = "".join(f'<div role="tabpanel"><p>{d}</p></div>' for _, d in pairs)
        return f'<div class="tabs"><div role="tablist">{buttons}</div>{panels}</div>'

    def document(self, title: str, blocks: list[str]) -> str:
        body = "\n".join(blocks)
        return (
            f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n"
            f"<body><main><h1>{title}</h1>\n{body}\n</main></body></html>\n"
        )


class HtmlSite(Html):
    """HTML as a docs site serves it: navigation, a table of contents, permalink marks."""

    name = "html-site"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.mark = rng.choice(["¶", "#", "🔗"])
        self.variant = f"permalink {self.mark}"
        self.toc: list[str] = []

    def heading(self, text: str, level: int) -> str:
        slug = _slug(re.sub("<[^>]+>", "", text))
        self.toc.append(f'<li><a href="#{slug}">{text}</a></li>')
        link = f'<a class="headerlink" href="#{slug}" title="Permalink">{self.mark}</a>'
        return f'<h{level} id="{slug}">{text}{link}</h{level}>'

    def document(self, title: str, blocks: list[str]) -> str:
        body = "\n".join(blocks)
        nav = "".join(f'<li><a href="/docs/{w}">{w.title()}</a></li>' for w in ("start", "api"))
        return (
            f"<!DOCTYPE html>\n<html><head><title>{title}</title>"
            '<script>window.__SEARCH__={"index":"/search.json"}</script></head>\n'
            f'<body><header><nav class="md-nav"><ul>{nav}</ul>'
            '<form role="search"><input type="search" placeholder="Search"></form></nav>'
            f'</header><aside class="toc"><ul>{"".join(self.toc)}</ul></aside>'
            f'<article class="md-content"><h1>{title}</h1>\n{body}\n</article>'
            "<footer>Built with a static site generator</footer></body></html>\n"
        )


class Rst(Markdown):
    """reStructuredText: list-tables (with or without a header row) or grid tables."""

    name = "rst"
    ext = ".rst"
    media = "text/x-rst"
    linebreak = "\n"
    components = False

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.variant = rng.choice(["list-table header", "list-table", "grid"])

    def heading(self, text: str, level: int) -> str:
        return f"{text}\n{'=-~^'[min(level, 4) - 1] * max(len(text), 4)}"

    def code(self, text: str) -> str:
        return f"``{text}``"

    def codeblock(self, text: str, lang: str = "") -> str:
        body = "\n".join("   " + line for line in text.splitlines())
        return f".. code-block:: {lang or 'text'}\n\n{body}"

    def _cell_lines(self, cell: str) -> list[str]:
        parts = cell.split("\n")
        return [f"| {p}" for p in parts] if len(parts) > 1 else parts

    def table(self, header: list[str] | None, rows: list[list[str]]) -> str:
        if self.variant == "grid":
            return self._grid(header, rows)
        opts = "   :header-rows: 1\n" if header and self.variant == "list-table header" else ""
        out = [f".. list-table::\n{opts}"]
        all_rows = ([header] if header and opts else []) + rows
        for row in all_rows:
            for i, cell in enumerate(row):
                lines = self._cell_lines(cell)
                lead = "   * - " if i == 0 else "     - "
                out.append(lead + lines[0])
                out += ["       " + line for line in lines[1:]]
        return "\n".join(out)

    def _grid(self, header: list[str] | None, rows: list[list[str]]) -> str:
        all_rows = ([header] if header else []) + rows
        cells = [[self._cell_lines(c) for c in row] for row in all_rows]
        widths = [
            max(len(line) for row in cells for line in row[i]) + 2 for i in range(len(cells[0]))
        ]
        rule = "+" + "+".join("-" * w for w in widths) + "+"
        out = [rule]
        for n, row in enumerate(cells):
            for k in range(max(len(c) for c in row)):
                parts = [
                    (c[k] if k < len(c) else "").ljust(w - 1)
                    for c, w in zip(row, widths, strict=False)
                ]
                out.append("| " + "| ".join(parts) + "|")
            out.append(rule.replace("-", "=") if header and n == 0 else rule)
        return "\n".join(out)

    def deflist(self, pairs: list[tuple[str, str]]) -> str:
        return "\n\n".join(f"{t}\n   {d}" for t, d in pairs)

    def accordion(self, pairs: list[tuple[str, str]]) -> str:
        return "\n\n".join(f".. dropdown:: {t}\n\n   {d}" for t, d in pairs)

    def tabs(self, pairs: list[tuple[str, str]]) -> str:
        items = "\n\n".join(f"   .. tab-item:: {t}\n\n      {d}" for t, d in pairs)
        return f".. tab-set::\n\n{items}"

    def document(self, title: str, blocks: list[str]) -> str:
        bar = "=" * len(title)
        return f"{bar}\n{title}\n{bar}\n\n" + "\n\n".join(blocks) + "\n"


class AsciiDoc(Markdown):
    """AsciiDoc: ``|===`` tables with or without a header, labelled lists ``name:: desc``."""

    name = "asciidoc"
    ext = ".adoc"
    media = "text/asciidoc"
    linebreak = " +\n"
    components = False

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.variant = rng.choice(["table header", "table"])

    def heading(self, text: str, level: int) -> str:
        return "=" * (level + 1) + " " + text

    def code(self, text: str) -> str:
        return f"`+{text}+`" if "{" in text else f"`{text}`"

    def codeblock(self, text: str, lang: str = "") -> str:
        return f"[source{',' + lang if lang else ''}]\n----\n{text}\n----"

    def table(self, header: list[str] | None, rows: list[list[str]]) -> str:
        width = len(rows[0])
        opts = ',options="header"' if header and self.variant == "table header" else ""
        out = [f'[cols="{",".join(["1"] * width)}"{opts}]', "|==="]
        if header and opts:
            out += ["|" + " |".join(header), ""]
        for row in rows:
            out += ["|" + c.replace("\n", self.linebreak) for c in row]
            out.append("")
        out.append("|===")
        return "\n".join(out)

    def bullets(self, items: list[str]) -> str:
        return "\n".join(f"* {i}" for i in items)

    def deflist(self, pairs: list[tuple[str, str]]) -> str:
        return "\n".join(f"{t}:: {d}" for t, d in pairs)

    def accordion(self, pairs: list[tuple[str, str]]) -> str:
        return "\n\n".join(f"[%collapsible]\n.{t}\n====\n{d}\n====" for t, d in pairs)

    def document(self, title: str, blocks: list[str]) -> str:
        return f"= {title}\n\n" + "\n\n".join(blocks) + "\n"


MARKUPS: dict[str, type[Markdown]] = {
    m.name: m for m in (Markdown, Mdx, Html, HtmlSite, Rst, AsciiDoc)
}
