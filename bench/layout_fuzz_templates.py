"""Template sources for ``layout_fuzz``: the markup layouts written as Blade, Jinja, Handlebars,
ERB, Hugo and AsciiDoc-with-attributes sources.

Each class renders the same blocks as its page format (``layout_fuzz_markup``), but a table
or bullet list becomes a loop over literal data (held in the loop, bound by a ``set``, or in
the page's front matter), rows sit inside conditionals, and the page carries the engine's
comments, includes and output expressions. ``template_shape`` sometimes gives a template page
scope names written with guillemet placeholders (``area:verb:‹tenant name›``).
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

import yaml
from layout_fuzz_markup import AsciiDoc, Html, Markdown
from layout_fuzz_words import Shape

_GUILLEMETS = ("‹project›", "‹tenant name›", "‹workspace id›", "‹org›")
PLACEHOLDER_SHAPE = Shape(
    "area:verb:‹ph›", lambda a, v, s, p, r: f"{a}:{v}:{r.choice(_GUILLEMETS)}"
)


def _char(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def _key(header: list[str] | None, index: int) -> str:
    if not header:
        return f"c{index}"
    word = re.sub(r"[^a-z0-9]+", "_", header[index].lower()).strip("_") or f"c{index}"
    return {"grants": "description", "what_it_allows": "description"}.get(word, word)


def _rows(header: list[str] | None, rows: list[list[str]]) -> list[dict[str, str]]:
    keys = [_key(header, i) for i in range(len(rows[0]))] if rows else []
    return [dict(zip(keys, row, strict=False)) for row in rows]


class _Template(Html):
    """Shared writer: subclasses say how a loop, a condition, an output and a comment look."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.data: dict[str, Any] = {}  # front matter, for engines that read it
        self.loops = 0
        self.variant = rng.choice(["bound", "inline"])

    # engine syntax -----------------------------------------------------------------------
    def comment(self, text: str) -> str:
        raise NotImplementedError

    def include(self, name: str) -> str:
        raise NotImplementedError

    def loop(self, items: list[Any], var: str, body: str) -> str:
        raise NotImplementedError

    def out(self, var: str, key: str | None = None) -> str:
        raise NotImplementedError

    def cond(self, test: str, body: str) -> str:
        raise NotImplementedError

    # blocks ------------------------------------------------------------------------------
    def table(self, header: list[str] | None, rows: list[list[str]]) -> str:
        data = _rows(header, rows)
        head = ""
        if header:
            head = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"
        cells = "".join(f"<td>{self.out('row', k)}</td>" for k in (data[0] if data else {}))
        row = f"<tr>{cells}</tr>"
        if self.rng.random() < 0.4:
            row = self.cond(self.test("row", next(iter(data[0])) if data else "c0"), row)
        body = self.loop(data, "row", "\n" + row + "\n")
        return f"{self.comment('scope rows')}\n<table>{head}<tbody>\n{body}\n</tbody></table>"

    def bullets(self, items: list[str]) -> str:
        return "<ul>\n" + self.loop(items, "item", f"<li>{self.out('item')}</li>\n") + "</ul>"

    def test(self, var: str, key: str) -> str:
        raise NotImplementedError

    def codeblock(self, text: str, lang: str = "") -> str:
        # a JSON sample as a person writes it: placeholders as characters, not \u escapes
        return super().codeblock(re.sub(r"\\u(2039|203a|00ab|00bb)", _char, text), lang)

    def para(self, text: str) -> str:
        extra = f" {self.out_literal('See the console.')}" if self.rng.random() < 0.3 else ""
        return f"<p>{text}{extra}</p>"

    def out_literal(self, text: str) -> str:
        return "{{ '" + text + "' }}"

    def document(self, title: str, blocks: list[str]) -> str:
        page = super().document(title, [self.include("partials/nav"), *blocks])
        if self.data:
            front = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=10**6)
            return "---\n" + front + "---\n" + page
        return page


def _php(value: Any) -> str:
    if isinstance(value, dict):
        return "[" + ", ".join(f"{_php(k)} => {_php(v)}" for k, v in value.items()) + "]"
    if isinstance(value, list):
        return "[" + ", ".join(_php(v) for v in value) + "]"
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class Blade(_Template):
    name = "blade"
    ext = ".blade.php"

    def comment(self, text: str) -> str:
        return f"{{{{-- {text} --}}}}"

    def include(self, name: str) -> str:
        return f"@include('{name.replace('/', '.')}')"

    def loop(self, items: list[Any], var: str, body: str) -> str:
        self.loops += 1
        if self.variant == "inline":
            return f"@foreach ({_php(items)} as ${var}){body}@endforeach"
        name = f"items{self.loops}"
        bound = f"@php ${name} = {_php(items)}; @endphp\n"
        return f"{bound}@foreach (${name} as ${var}){body}@endforeach"

    def out(self, var: str, key: str | None = None) -> str:
        return f"{{!! ${var}['{key}'] !!}}" if key else f"{{!! ${var} !!}}"

    def cond(self, test: str, body: str) -> str:
        return f"@if ({test}){body}@endif"

    def test(self, var: str, key: str) -> str:
        return f"${var}['{key}']"

    def out_literal(self, text: str) -> str:
        return f"@lang('{text}')"


class Jinja(_Template):
    name = "jinja"
    ext = ".html.j2"

    def comment(self, text: str) -> str:
        return f"{{# {text} #}}"

    def include(self, name: str) -> str:
        return f'{{% include "{name}.html" %}}'

    def loop(self, items: list[Any], var: str, body: str) -> str:
        self.loops += 1
        if self.variant == "inline":
            return (
                f"{{% for {var} in {json.dumps(items, ensure_ascii=False)} %}}{body}{{% endfor %}}"
            )
        name = f"items{self.loops}"
        bound = f"{{% set {name} = {json.dumps(items, ensure_ascii=False)} %}}\n"
        return f"{bound}{{% for {var} in {name} %}}{body}{{% endfor %}}"

    def out(self, var: str, key: str | None = None) -> str:
        return f"{{{{ {var}.{key} | safe }}}}" if key else f"{{{{ {var} | safe }}}}"

    def cond(self, test: str, body: str) -> str:
        return f"{{% if {test} %}}{body}{{% endif %}}"

    def test(self, var: str, key: str) -> str:
        return f"{var}.{key}"


class Handlebars(_Template):
    name = "handlebars"
    ext = ".hbs"

    def comment(self, text: str) -> str:
        return f"{{{{!-- {text} --}}}}"

    def include(self, name: str) -> str:
        return f"{{{{> {name.replace('/', '-')}}}}}"

    def loop(self, items: list[Any], var: str, body: str) -> str:
        self.loops += 1
        name = f"items{self.loops}"
        self.data[name] = items
        return f"{{{{#each {name}}}}}{body}{{{{/each}}}}"

    def out(self, var: str, key: str | None = None) -> str:
        return f"{{{{{{{key}}}}}}}" if key else "{{{this}}}"

    def cond(self, test: str, body: str) -> str:
        return f"{{{{#if {test}}}}}{body}{{{{/if}}}}"

    def test(self, var: str, key: str) -> str:
        return key


class Erb(_Template):
    name = "erb"
    ext = ".html.erb"

    def comment(self, text: str) -> str:
        return f"<%# {text} %>"

    def include(self, name: str) -> str:
        return f"<%= render '{name}' %>"

    def loop(self, items: list[Any], var: str, body: str) -> str:
        self.loops += 1
        literal = json.dumps(items, ensure_ascii=False).replace('": ', '" => ')
        if self.variant == "inline":
            return f"<% {literal}.each do |{var}| %>{body}<% end %>"
        name = f"items{self.loops}"
        return f"<% {name} = {literal} %>\n<% {name}.each do |{var}| %>{body}<% end %>"

    def out(self, var: str, key: str | None = None) -> str:
        return f'<%== {var}["{key}"] %>' if key else f"<%== {var} %>"

    def cond(self, test: str, body: str) -> str:
        return f"<% if {test} %>{body}<% end %>"

    def test(self, var: str, key: str) -> str:
        return f'{var}["{key}"]'

    def out_literal(self, text: str) -> str:
        return f"<%= t('{text}') %>"


class Hugo(_Template):
    """A Hugo layout: Go template over the page's front matter parameters."""

    name = "hugo"
    ext = ".html"

    def comment(self, text: str) -> str:
        return f"{{{{/* {text} */}}}}"

    def include(self, name: str) -> str:
        return f'{{{{ partial "{name}.html" . }}}}'

    def loop(self, items: list[Any], var: str, body: str) -> str:
        self.loops += 1
        name = f"items{self.loops}"
        self.data[name] = items
        return f"{{{{ range .Params.{name} }}}}{body}{{{{ end }}}}"

    def out(self, var: str, key: str | None = None) -> str:
        return f"{{{{ .{key} | safeHTML }}}}" if key else "{{ . | safeHTML }}"

    def cond(self, test: str, body: str) -> str:
        return f"{{{{ if {test} }}}}{body}{{{{ end }}}}"

    def test(self, var: str, key: str) -> str:
        return f".{key}"

    def out_literal(self, text: str) -> str:
        return f'{{{{ i18n "{text}" }}}}'


class AsciiDocAttrs(AsciiDoc):
    """AsciiDoc whose names share a prefix written as an attribute reference, with comments,
    ``include::`` lines and ``ifdef`` blocks around tables."""

    name = "asciidoc-attrs"

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.attrs: dict[str, str] = {}

    def code(self, text: str) -> str:
        prefix = re.match(r"^([a-z]+)([:._])", text)
        if prefix and not text.startswith("http") and self.rng.random() < 0.7:
            key = f"p-{prefix.group(1)}"
            self.attrs[key] = prefix.group(1)
            text = "{" + key + "}" + text[len(prefix.group(1)) :]
            return f"`{text}`"
        return super().code(text)

    def table(self, header: list[str] | None, rows: list[list[str]]) -> str:
        body = super().table(header, rows)
        if self.rng.random() < 0.5:
            return f"ifdef::show-scopes[]\n{body}\nendif::show-scopes[]"
        return f"// scope rows\n{body}"

    def document(self, title: str, blocks: list[str]) -> str:
        head = "".join(f":{k}: {v}\n" for k, v in self.attrs.items())
        body = "\n\n".join(["include::partials/nav.adoc[]", *blocks])
        return f"= {title}\n{head}:show-scopes:\n\n{body}\n"


TEMPLATE_MARKUPS: dict[str, type[Markdown]] = {
    m.name: m for m in (Blade, Jinja, Handlebars, Erb, Hugo, AsciiDocAttrs)
}


def template_shape(fmt: str, rng: random.Random, shape: Shape) -> Shape:
    """A template page's scope shape: a quarter of them write names with a guillemet
    placeholder. Other formats keep theirs (and draw nothing from ``rng``)."""
    if fmt in TEMPLATE_MARKUPS and rng.random() < 0.25:
        return PLACEHOLDER_SHAPE
    return shape
