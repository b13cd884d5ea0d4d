"""The media type a file's extension stands for, where Python's ``mimetypes`` knows none or
a wrong one (``.ts`` is no MPEG video, ``.rs`` no RLS services XML): markup sources, specs and
program source, so a local file keeps its kind in its document and its evidence entry."""

from __future__ import annotations

__all__ = ["MEDIA_TYPES"]

MEDIA_TYPES = {".md": "text/markdown", ".mdx": "text/markdown", ".yaml": "application/yaml"}
MEDIA_TYPES |= {".yml": "application/yaml", ".stone": "text/x-stone", ".json": "application/json"}
MEDIA_TYPES |= {".adoc": "text/asciidoc", ".asciidoc": "text/asciidoc", ".rst": "text/x-rst"}
MEDIA_TYPES |= {".raml": "application/raml+yaml", ".svelte": "text/html", ".vue": "text/html"}
# program source: its language stays known when the file is read under its official address
MEDIA_TYPES |= {".js": "text/javascript", ".mjs": "text/javascript", ".cjs": "text/javascript"}
MEDIA_TYPES |= {".jsx": "text/jsx", ".tsx": "text/jsx", ".ts": "application/typescript"}
MEDIA_TYPES |= {".mts": "application/typescript", ".cts": "application/typescript"}
MEDIA_TYPES |= {".cs": "text/x-csharp", ".java": "text/x-java", ".py": "text/x-python"}
MEDIA_TYPES |= {".pyi": "text/x-python", ".php": "text/x-php", ".go": "text/x-go"}
MEDIA_TYPES |= {".rb": "text/x-ruby", ".kt": "text/x-kotlin", ".kts": "text/x-kotlin"}
MEDIA_TYPES |= {".rs": "text/x-rust", ".swift": "text/x-swift", ".dart": "text/x-dart"}
MEDIA_TYPES |= {".graphql": "application/graphql", ".graphqls": "application/graphql"}
MEDIA_TYPES |= {".gql": "application/graphql"}
