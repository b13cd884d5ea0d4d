"""SDK-source pages for ``layout_fuzz``: scope lists kept in C#, Java, Python, PHP, Go, Ruby,
Kotlin, Rust and Swift source, invented providers only.

Two layouts a language: ``enum`` (an enum or a block of constants: the string value is the
scope, the identifier never is; a description from a doc comment, a constructor argument or
a docstring, or a generated "Enum X for value: y" comment) and ``map`` (a map or hash of
scope -> description). Every file also holds distractors the readers must leave alone: error
codes as constants, a list of roles, a token URL constant, imports naming a ``scopes``
package. ``sdk_page`` writes one file.
"""

from __future__ import annotations

import json
import random
import re
from typing import Protocol

from layout_fuzz_words import ERRORS

__all__ = ["SDK_LAYOUTS", "sdk_page"]

SDK_LAYOUTS: dict[str, tuple[str, ...]] = {
    "sdk-cs": ("enum", "map"),
    "sdk-java": ("enum", "map"),
    "sdk-py": ("enum", "map"),
    "sdk-php": ("enum", "map"),
    "sdk-go": ("enum", "map"),
    "sdk-rb": ("consts", "map"),
    "sdk-kt": ("enum", "map"),
    "sdk-rs": ("enum", "map"),
    "sdk-swift": ("enum", "map"),
}
_EXT = {
    "sdk-cs": ".cs",
    "sdk-java": ".java",
    "sdk-py": ".py",
    "sdk-php": ".php",
    "sdk-go": ".go",
    "sdk-rb": ".rb",
    "sdk-kt": ".kt",
    "sdk-rs": ".rs",
    "sdk-swift": ".swift",
}
_ROLES = ("owner", "member", "viewer", "billing")


class _Ctx(Protocol):
    rng: random.Random
    provider: str
    section: str
    pairs: list[tuple[str, str]]


def _dq(text: str) -> str:
    return json.dumps(text)


def _sq(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _kt(text: str) -> str:
    return json.dumps(text).replace("$", "\\$")


def _comment(text: str) -> str:
    return " ".join(text.replace("*/", "* /").split())


def _identifiers(names: list[str], pascal: bool) -> list[str]:
    out: list[str] = []
    for name in names:
        parts = [p for p in re.split(r"[^A-Za-z0-9]+", name) if p] or ["scope"]
        ident = "".join(p.capitalize() for p in parts) if pascal else "_".join(parts).upper()
        if not ident[0].isalpha():
            ident = ("S" if pascal else "S_") + ident
        while ident in out:
            ident += "2"
        out.append(ident)
    return out


def _doc(c: _Ctx, ident: str, name: str, desc: str) -> str:
    """A member's doc text: its description, or generated boilerplate (0.3)."""
    return f"Enum {ident.capitalize()} for value: {name}" if c.rng.random() < 0.3 else desc


def _cs(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = [f"namespace {c.provider}.Sdk.Auth.Model", "{"]
    if layout == "enum":
        lines += ["    /// <summary>", "    /// Enum for scopes", "    /// </summary>"]
        lines += ["    public enum Scopes", "    {"]
        for ident, (name, desc) in zip(_identifiers(names, True), c.pairs, strict=True):
            doc = _comment(_doc(c, ident, name, desc))
            lines += ["        /// <summary>", f"        /// {doc}"]
            lines += ["        /// </summary>", f"        [EnumMember(Value = {_dq(name)})]"]
            lines += [f"        {ident},", ""]
        lines += ["    }"]
    else:
        lines += [f"    public static class {c.provider}Scopes", "    {"]
        lines += ["        public static readonly Dictionary<string, string> Descriptions ="]
        lines += ["            new Dictionary<string, string>", "            {"]
        lines += [f"                {{ {_dq(n)}, {_dq(d)} }}," for n, d in c.pairs]
        lines += ["            };", "    }"]
    lines += ["", "    public static class ErrorCodes", "    {"]
    errors = c.rng.sample(ERRORS, 3)
    for ident, error in zip(_identifiers(errors, True), errors, strict=True):
        lines += [f"        public const string {ident} = {_dq(error)};"]
    lines += ['        public const string TokenUrl = "https://auth.example.test/oauth/token";']
    roles = ", ".join(map(_dq, _ROLES))
    lines += [f"        public static readonly string[] Roles = {{ {roles} }};"]
    lines += ["    }", "}"]
    return "\n".join(["using System;", "using System.Runtime.Serialization;", "", *lines]) + "\n"


def _java(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = [f"package com.{c.provider.lower()}.sdk.auth;", "", "import java.util.Map;", ""]
    if layout == "enum":
        lines += ["/** OAuth scopes. */", f"public enum {c.provider}Scope {{"]
        entries = [
            f"    {ident}({_dq(name)}, {_dq(desc)})"
            for ident, (name, desc) in zip(_identifiers(names, False), c.pairs, strict=True)
        ]
        lines += [",\n".join(entries) + ";", "", "    private final String value;"]
        lines += ["    private final String description;", ""]
        lines += [f"    {c.provider}Scope(String value, String description) {{"]
        lines += ["        this.value = value;", "        this.description = description;", "    }"]
        lines += ["}"]
    else:
        lines += [f"public final class {c.provider}Scopes {{"]
        lines += ["    public static final Map<String, String> SCOPES = Map.ofEntries("]
        entries = [f"        Map.entry({_dq(n)}, {_dq(d)})" for n, d in c.pairs]
        lines += [",\n".join(entries), "    );", "}"]
    errors = c.rng.sample(ERRORS, 3)
    lines += ["", "final class ErrorCodes {"]
    for ident, error in zip(_identifiers(errors, False), errors, strict=True):
        lines += [f"    public static final String {ident} = {_dq(error)};"]
    lines += [f"    public static final String[] ROLES = {{{', '.join(map(_dq, _ROLES))}}};"]
    lines += ['    static final String TOKEN_URL = "https://auth.example.test/oauth/token";', "}"]
    return "\n".join(lines) + "\n"


def _py(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = ['"""OAuth scopes of the API client (generated)."""', "from enum import Enum", ""]
    lines += [f"from {c.provider.lower()}_sdk.auth import scopes as scope_module", "", ""]
    if layout == "enum":
        lines += ["class Scope(str, Enum):", '    """OAuth scopes."""', ""]
        for ident, (name, desc) in zip(_identifiers(names, False), c.pairs, strict=True):
            lines += [f"    {ident} = {_dq(name)}", f"    {_dq(_doc(c, ident, name, desc))}"]
    else:
        lines += ["SCOPE_DESCRIPTIONS = {"]
        lines += [f"    {_dq(n)}: {_dq(d)}," for n, d in c.pairs]
        lines += ["}"]
    lines += ["", "", "class ErrorCode(str, Enum):"]
    errors = c.rng.sample(ERRORS, 3)
    for ident, error in zip(_identifiers(errors, False), errors, strict=True):
        lines += [f"    {ident} = {_dq(error)}"]
    lines += ["", f"ROLES = ({', '.join(map(_dq, _ROLES))})"]
    lines += ['TOKEN_URL = "https://auth.example.test/oauth/token"']
    return "\n".join(lines) + "\n"


def _php(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = ["<?php", "", f"namespace {c.provider}\\Sdk\\Auth;", ""]
    lines += [f"use {c.provider}\\Sdk\\Auth\\Scopes\\Registry;", ""]
    lines += ["/**", " * OAuth scopes of the API.", " */", f"final class {c.provider}Scopes", "{"]
    if layout == "enum":
        for ident, (name, desc) in zip(_identifiers(names, False), c.pairs, strict=True):
            lines += [f"    /** {_comment(desc)} */", f"    const {ident} = {_sq(name)};"]
    else:
        lines += ["    public const SCOPES = ["]
        lines += [f"        {_sq(n)} => {_sq(d)}," for n, d in c.pairs]
        lines += ["    ];"]
    lines += ["", f"    private $roles = [{', '.join(map(_sq, _ROLES))}];", "}", ""]
    lines += ["final class ErrorCodes", "{"]
    errors = c.rng.sample(ERRORS, 3)
    for ident, error in zip(_identifiers(errors, False), errors, strict=True):
        lines += [f"    const {ident} = {_sq(error)};"]
    lines += ["    const TOKEN_URL = 'https://auth.example.test/oauth/token';", "}"]
    return "\n".join(lines) + "\n"


def _go(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = ["// Package auth holds the API's OAuth scopes.", "package auth", ""]
    lines += [f'import "github.com/{c.provider.lower()}/sdk-go/internal/scopes"', ""]
    if layout == "enum":
        lines += ["// Scope is an OAuth scope.", "type Scope string", "", "const ("]
        for ident, (name, desc) in zip(_identifiers(names, True), c.pairs, strict=True):
            lines += [f"\t// {_comment(desc)}", f"\tScope{ident} Scope = {_dq(name)}"]
        lines += [")"]
    else:
        lines += ["// ScopeDescriptions describes every scope."]
        lines += ["var ScopeDescriptions = map[string]string{"]
        lines += [f"\t{_dq(n)}: {_dq(d)}," for n, d in c.pairs]
        lines += ["}"]
    errors = c.rng.sample(ERRORS, 3)
    lines += ["", "const ("]
    for ident, error in zip(_identifiers(errors, True), errors, strict=True):
        lines += [f"\tErr{ident} = {_dq(error)}"]
    lines += [")", "", f"var roles = []string{{{', '.join(map(_dq, _ROLES))}}}", ""]
    lines += ['const tokenURL = "https://auth.example.test/oauth/token"']
    return "\n".join(lines) + "\n"


def _rb(layout: str, c: _Ctx) -> str:
    lines = ["# frozen_string_literal: true", "", f'require "{c.provider.lower()}/auth/scopes"', ""]
    lines += [f"module {c.provider}", "  module Auth"]
    if layout == "consts":
        lines += ["    # OAuth scopes of the API.", "    SCOPES = ["]
        lines += [f"      {_sq(n)}," for n, _ in c.pairs]
        lines += ["    ].freeze"]
    else:
        lines += ["    # OAuth scopes of the API.", "    SCOPES = {"]
        lines += [f"      {_sq(n)} => {_sq(d)}," for n, d in c.pairs]
        lines += ["    }.freeze"]
    errors = c.rng.sample(ERRORS, 3)
    lines += ["", f"    ERRORS = %w[{' '.join(errors)}].freeze"]
    lines += [f"    ROLES = %i[{' '.join(_ROLES)}].freeze"]
    lines += ['    TOKEN_URL = "https://auth.example.test/oauth/token"', "  end", "end"]
    return "\n".join(lines) + "\n"


def _kotlin(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = [f"package com.{c.provider.lower()}.sdk.auth", ""]
    if layout == "enum":
        lines += ["/** OAuth scopes. */"]
        lines += ["enum class Scope(val value: String, val description: String) {"]
        lines += [
            f"    {ident}({_kt(name)}, {_kt(desc)}),"
            for ident, (name, desc) in zip(_identifiers(names, False), c.pairs, strict=True)
        ]
        lines += ["}"]
    else:
        lines += [f"object {c.provider}Scopes {{", "    val SCOPES = mapOf("]
        lines += [f"        {_kt(n)} to {_kt(d)}," for n, d in c.pairs]
        lines += ["    )", "}"]
    errors = c.rng.sample(ERRORS, 3)
    lines += ["", "object ErrorCodes {"]
    for ident, error in zip(_identifiers(errors, False), errors, strict=True):
        lines += [f"    const val {ident} = {_kt(error)}"]
    lines += [f"    val ROLES = listOf({', '.join(map(_kt, _ROLES))})"]
    lines += ['    const val TOKEN_URL = "https://auth.example.test/oauth/token"', "}"]
    return "\n".join(lines) + "\n"


def _rust(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = ["//! OAuth scopes of the API.", "use serde::{Deserialize, Serialize};", ""]
    lines += [f"use {c.provider.lower()}_sdk::scopes::ScopeSet;", ""]
    if layout == "enum":
        lines += ["/// An OAuth scope.", "#[derive(Debug, Clone, Serialize, Deserialize)]"]
        lines += ["pub enum Scope {"]
        for ident, (name, desc) in zip(_identifiers(names, True), c.pairs, strict=True):
            lines += [f"    /// {_comment(_doc(c, ident, name, desc))}"]
            lines += [f"    #[serde(rename = {_dq(name)})]", f"    {ident},"]
        lines += ["}"]
    else:
        lines += ["/// Every scope and what it allows.", "pub const SCOPES: &[(&str, &str)] = &["]
        lines += [f"    ({_dq(n)}, {_dq(d)})," for n, d in c.pairs]
        lines += ["];"]
    errors = c.rng.sample(ERRORS, 3)
    lines += ["", "pub mod errors {"]
    for ident, error in zip(_identifiers(errors, False), errors, strict=True):
        lines += [f"    pub const {ident}: &str = {_dq(error)};"]
    lines += ["}", "", f"pub const ROLES: &[&str] = &[{', '.join(map(_dq, _ROLES))}];"]
    lines += ['pub const TOKEN_URL: &str = "https://auth.example.test/oauth/token";']
    return "\n".join(lines) + "\n"


def _swift(layout: str, c: _Ctx) -> str:
    names = [n for n, _ in c.pairs]
    lines = ["import Foundation", f"import {c.provider}Scopes", ""]
    if layout == "enum":
        lines += ["/// OAuth scopes.", "public enum Scope: String, CaseIterable, Codable {"]
        for ident, (name, desc) in zip(_identifiers(names, True), c.pairs, strict=True):
            ident = ident[0].lower() + ident[1:]
            lines += [f"    /// {_comment(_doc(c, ident, name, desc))}"]
            lines += [f"    case {ident} = {_dq(name)}"]
        lines += ["}"]
    else:
        lines += [f"public struct {c.provider}Scopes {{"]
        lines += ["    public static let descriptions: [String: String] = ["]
        lines += [f"        {_dq(n)}: {_dq(d)}," for n, d in c.pairs]
        lines += ["    ]", "}"]
    errors = c.rng.sample(ERRORS, 3)
    lines += ["", "public enum ErrorCode: String {"]
    for ident, error in zip(_identifiers(errors, True), errors, strict=True):
        lines += [f"    case {ident[0].lower() + ident[1:]} = {_dq(error)}"]
    lines += ["}", "", "public struct Endpoints {"]
    lines += [f"    public static let roles = [{', '.join(map(_dq, _ROLES))}]"]
    lines += ['    public static let tokenURL = "https://auth.example.test/oauth/token"', "}"]
    return "\n".join(lines) + "\n"


_WRITERS = {
    "sdk-cs": _cs,
    "sdk-java": _java,
    "sdk-py": _py,
    "sdk-php": _php,
    "sdk-go": _go,
    "sdk-rb": _rb,
    "sdk-kt": _kotlin,
    "sdk-rs": _rust,
    "sdk-swift": _swift,
}


def sdk_page(fmt: str, layout: str, c: _Ctx) -> tuple[str, str, str, list[str]]:
    """(text, extension, media type, distractor names) of one SDK source file."""
    return _WRITERS[fmt](layout, c), _EXT[fmt], "text/plain", [*_ROLES]
