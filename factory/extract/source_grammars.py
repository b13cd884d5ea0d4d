"""Which tree-sitter grammar reads a program source other than JS/TS: C#, Java, Python, PHP,
Go, Ruby, Kotlin, Rust, Swift and Dart (SDK and server source that keeps a scope list as enums,
constants, lists or maps). The grammars are imported on first use, so that
``import factory`` stays light.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

__all__ = ["SOURCE_LANGUAGES", "SOURCE_MEDIA", "language_of", "parser"]

#: Extension -> language name.
SOURCE_LANGUAGES = {
    ".cs": "csharp",
    ".java": "java",
    ".py": "python",
    ".pyi": "python",
    ".php": "php",
    ".go": "go",
    ".rb": "ruby",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".rs": "rust",
    ".swift": "swift",
    ".dart": "dart",
}
#: Media type -> language (a file read from disk under its official, extension-less address
#: keeps its language in the media type its extension gave it).
SOURCE_MEDIA = {
    "text/x-csharp": "csharp",
    "text/x-java": "java",
    "text/x-java-source": "java",
    "text/x-python": "python",
    "text/x-php": "php",
    "application/x-php": "php",
    "text/x-go": "go",
    "text/x-ruby": "ruby",
    "application/x-ruby": "ruby",
    "text/x-kotlin": "kotlin",
    "text/x-rust": "rust",
    "text/rust": "rust",
    "text/x-swift": "swift",
    "text/x-dart": "dart",
    "application/dart": "dart",
}
_GRAMMARS = {
    "csharp": ("tree_sitter_c_sharp", "language"),
    "java": ("tree_sitter_java", "language"),
    "python": ("tree_sitter_python", "language"),
    "php": ("tree_sitter_php", "language_php"),
    "go": ("tree_sitter_go", "language"),
    "ruby": ("tree_sitter_ruby", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "rust": ("tree_sitter_rust", "language"),
    "swift": ("tree_sitter_swift", "language"),
    # Dart has no well-kept grammar on PyPI; its enums with constructor arguments, its const
    # fields and doc comments are Java's shape, and the error-tolerant parse keeps them (its
    # list and map literals are lost: the harvester then reads the file's quoted values)
    "dart": ("tree_sitter_java", "language"),
}


def language_of(suffix: str, media: str = "") -> str | None:
    """The language a file extension (``.cs``) or else a media type names, if it is one
    read here."""
    found = SOURCE_LANGUAGES.get(suffix.lower())
    return found or SOURCE_MEDIA.get(media.split(";")[0].strip().lower())


@lru_cache(maxsize=8)
def parser(language: str) -> Any:
    """tree-sitter's parser for ``language`` (a value of :data:`SOURCE_LANGUAGES`)."""
    import tree_sitter

    module, function = _GRAMMARS[language]
    grammar = getattr(importlib.import_module(module), function)()
    return tree_sitter.Parser(tree_sitter.Language(grammar))
