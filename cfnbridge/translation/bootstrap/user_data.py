"""Finding and rewriting the ``cfn-init`` and ``cfn-signal`` calls in a user data script.

User data is text with deploy-time values in it (``${AWS::StackName}``, a handle's URL). The
dialect spells it out as pieces (:meth:`Dialect.text_parts`); here each deploy-time piece
becomes an opaque token, so a call is found and parsed as shell words in the literal text
alone, replaced where it stands, and the script is put back together by the dialect. The
rest of the script keeps its bytes and order; a token is never split.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cfnbridge.translation.dialect import Dialect

CALL = re.compile(r"(?<![\w./$-])(?:[\w./-]*/)?(cfn-init|cfn-signal|curl)(?:\.exe)?(?![\w.-])")
_TOKEN = re.compile(r"\x00(\d+)\x00")
# Words that may stand before a command on its line: it is still the command that runs.
_PREFIXES = frozenset({"sudo", "exec", "then", "do", "else", "if", "while", "until", "!", "time", "nohup", "{"})
_SEPARATORS = ";&|(`\n"


@dataclass
class Call:
    """One call found in a script: which tool, its arguments (options and positionals)."""

    tool: str
    windows: bool = False  # cfn-init.exe: a Windows script (cloudbase-init, PowerShell)
    options: dict[str, str] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)
    tokens: dict[str, Any] = field(default_factory=dict)  # token text -> the deploy-time value it stands for
    pairs: list[tuple[str, str]] = field(default_factory=list)  # every option with its value, in order

    def value(self, word: str) -> Any:
        """A word as a value: literal text, or the deploy-time value of a word that is one token."""
        match = _TOKEN.fullmatch(word)
        return self.tokens[word] if match else word

    def literal(self, word: str | None) -> str | None:
        return word if word is not None and not _TOKEN.search(word) else None


_INIT_OPTIONS = {"-s": "stack", "--stack": "stack", "-r": "resource", "--resource": "resource",
                 "-c": "configsets", "--configsets": "configsets", "--region": "region", "--url": "url",
                 "--role": "role", "-f": "credential-file", "--credential-file": "credential-file",
                 "--access-key": "access-key", "--secret-key": "secret-key", "--http-proxy": "http-proxy",
                 "--https-proxy": "https-proxy"}
_SIGNAL_OPTIONS = {"-e": "exit-code", "--exit-code": "exit-code", "-s": "success", "--success": "success",
                   "-r": "reason", "--reason": "reason", "-d": "data", "--data": "data", "-i": "id", "--id": "id",
                   "--stack": "stack", "--resource": "resource", "--region": "region", "--url": "url",
                   "--role": "role", "-f": "credential-file", "--credential-file": "credential-file",
                   "--access-key": "access-key", "--secret-key": "secret-key", "--http-proxy": "http-proxy",
                   "--https-proxy": "https-proxy"}
_CURL_OPTIONS = {option: option.lstrip("-") for option in (
    "-X", "--request", "-H", "--header", "-d", "--data", "--data-binary", "--data-raw", "-o", "--output", "-m",
    "--max-time", "--retry", "-u", "--user", "-A", "--user-agent", "-w", "--write-out", "-T", "--upload-file")}
_FLAGS = frozenset({"-v", "--verbose"})

Replace = Callable[[Call], list[Any] | None]


def rewrite(dialect: Dialect, value: Any, replace: Replace) -> tuple[Any, int]:
    """``value`` with each call ``replace`` answers for rewritten; and how many calls were found.

    ``replace`` returns the pieces that stand for the call (text and deploy-time values), or
    None to leave it as it is. A script whose shape the dialect cannot spell out is returned
    unchanged with a count of -1, so the caller can report it.
    """
    branches = dialect.branches(value)
    if branches is not None:
        condition, when_true, when_false = branches
        first, found_true = rewrite(dialect, when_true, replace)
        second, found_false = rewrite(dialect, when_false, replace)
        found = -1 if -1 in (found_true, found_false) else found_true + found_false
        return dialect.if_(condition, first, second), found
    found_text = tokenize(dialect, value)
    if found_text is None:
        return value, -1
    text, tokens = found_text
    out: list[Any] = []
    position = found = 0
    for match in CALL.finditer(text):
        if match.start() < position or not is_command(text, match.start()):
            continue
        end, tail = _command_end(text, match.end())
        call = _parse(match.group(1), text[match.end():end], tokens)
        if call is not None:
            call.windows = match.group(0).endswith(".exe")
        found += 1
        pieces = replace(call) if call is not None else None
        if pieces is None:
            continue
        out.extend(_untokenize(text[position:match.start()], tokens))
        out.extend(pieces)
        position = end - len(tail)
    if not found:
        return value, 0
    out.extend(_untokenize(text[position:], tokens))
    return dialect.text(out), found


def tokenize(dialect: Dialect, value: Any) -> tuple[str, dict[str, Any]] | None:
    """A script as literal text in which each deploy-time value is one opaque token."""
    parts = dialect.text_parts(value)
    if parts is None:
        return None
    tokens: dict[str, Any] = {}
    text_parts = []
    for piece in parts:
        if isinstance(piece, str):
            text_parts.append(piece.replace("\x00", ""))
        else:
            token = f"\x00{len(tokens)}\x00"
            tokens[token] = piece
            text_parts.append(token)
    return "".join(text_parts), tokens


def rewrite_text(dialect: Dialect, value: Any, change: Callable[[str, dict[str, Any]], str]) -> tuple[Any, bool]:
    """``value`` with its tokenized text passed through ``change``; whether anything changed."""
    branches = dialect.branches(value)
    if branches is not None:
        first, changed_true = rewrite_text(dialect, branches[1], change)
        second, changed_false = rewrite_text(dialect, branches[2], change)
        return dialect.if_(branches[0], first, second), changed_true or changed_false
    found = tokenize(dialect, value)
    if found is None:
        return value, False
    text, tokens = found
    changed = change(text, tokens)
    if changed == text:
        return value, False
    return dialect.text(_untokenize(changed, tokens)), True


def _untokenize(text: str, tokens: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            out.append(text[position:match.start()])
        out.append(tokens[match.group(0)])
        position = match.end()
    if position < len(text):
        out.append(text[position:])
    return out


def is_command(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the command of its simple command (not an argument, not a comment)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if "#" in before and re.search(r"(^|\s)#", before):
        return False
    cut = max(before.rfind(c) for c in _SEPARATORS)
    words = before[cut + 1:].split()
    return all(word in _PREFIXES or re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*", word) for word in words)


def _command_end(text: str, start: int) -> tuple[int, str]:
    """Where the simple command that starts before ``start`` ends, and the redirections kept with it."""
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                quote = None
        elif char == "\\":
            index += 2
            continue
        elif char in "'\"":
            quote = char
        elif char in ";&|)`\n" or (char == "#" and text[index - 1].isspace()):
            break
        index += 1
    segment = text[start:index]
    redirect = re.search(r"\s(?:\d*[<>]|&>)", segment)
    tail = segment[redirect.start():] if redirect else segment[len(segment.rstrip(" \t")):]
    return index, tail


def _parse(tool: str, arguments: str, tokens: dict[str, Any]) -> Call | None:
    redirect = re.search(r"\s(?:\d*[<>]|&>)", arguments)
    if redirect:
        arguments = arguments[:redirect.start()]
    try:
        words = shlex.split(arguments.replace("\\\n", " "))
    except ValueError:
        return None
    known = {"cfn-init": _INIT_OPTIONS, "cfn-signal": _SIGNAL_OPTIONS, "curl": _CURL_OPTIONS}[tool]
    call = Call(tool, tokens=tokens)
    index = 0
    while index < len(words):
        word = words[index]
        name, equals, inline = word.partition("=")
        if word in _FLAGS:
            pass
        elif name in known and equals:
            call.options[known[name]] = inline
        elif word in known and index + 1 < len(words):
            call.options[known[word]] = words[index + 1]
            call.pairs.append((known[word], words[index + 1]))
            index += 1
        elif word.startswith("-") and not _TOKEN.search(word):
            call.options[word.lstrip("-")] = ""
        else:
            call.positional.append(word)
        index += 1
    return call
