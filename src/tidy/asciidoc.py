"""AsciiDoc: a markup tidy does not parse, so it leaves its documents alone.

Its source is full of forms that look like damage to prose rules and are markup:
``linkgit:git[1]`` macros, ````quotes''`` that render curly, ``&#64;`` written to stop a
mail link, listing blocks between ``----`` lines, titles whose underline length must
match. A file named ``.adoc`` is AsciiDoc; a ``.txt`` file is judged by its head (Git's
manual pages were ``.txt`` for twenty years), on two kinds of evidence at least, one of
them AsciiDoc's own (a macro, a block attribute line), so that a ``----`` separator or a
``NOTE:`` in plain text, or a reST field list, decides nothing.
"""

from __future__ import annotations

import re
from pathlib import PurePath

SUFFIXES = frozenset({".adoc", ".asciidoc", ".asc", ".adoco"})
HEAD = 16_384  # characters of a file's head read for the evidence

_EVIDENCE = (
    # a macro with its target and attribute list: linkgit:git-log[1], image::a.png[], xref:x[]
    re.compile(
        r"\b(?:link|linkgit|xref|image|include|footnote|footnoteref|kbd|btn|menu|pass|anchor"
        r"|mailto|ifdef|ifndef|endif|toc)::?[^\s\[\]]*\[[^\]\n]*\]"
    ),
    # a block's attribute line: [source,python], [NOTE], [verse], [[anchor]]
    re.compile(
        r"^\[(?:\[[\w-]+\]|source|listing|literal|verse|quote|NOTE|TIP|IMPORTANT|WARNING"
        r"|CAUTION|horizontal|sidebar|example|abstract|appendix|discrete|cols=|options=|subs=)"
        r"[^\]\n]*\]\r?$",
        re.M,
    ),
    # a document attribute: :toc:, :doctype: manpage, :git-log: 1
    re.compile(r"^:[\w-]+!?:(?:[ \t]|\r?$)", re.M),
    # a pair of delimiter lines around a listing, literal or example block (looked for
    # within 200 lines: a head of many unlike rules must not be read once per rule)
    re.compile(r"^(-{4,}|\.{4,}|={4,}|\*{4,}|\+{4,}|_{4,})\r?\n(?:.*\n){0,200}?\1\r?$", re.M),
    # an admonition paragraph, and the document or a section title
    re.compile(r"^(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION): \S|^={1,5} \S", re.M),
)
_OWN = 2  # the first patterns: AsciiDoc's own
_KINDS = 2


def is_asciidoc(text: str, path: str | PurePath | None = None) -> bool:
    """Whether ``text`` (the file at ``path``) is AsciiDoc source."""
    if path is not None and PurePath(path).suffix.lower() in SUFFIXES:
        return True
    if path is not None and PurePath(path).suffix.lower() not in (".txt", ".text", ""):
        return False  # Markdown and reST have their own parsers
    head = text[:HEAD]
    if "\n" not in head:
        return False
    # (a macro or a block attribute line, which no other markup writes, and one more kind:
    # reST's field lists and underlines, Vim's help separators, look like the rest)
    if not any(p.search(head) for p in _EVIDENCE[:_OWN]):
        return False
    return sum(1 for p in _EVIDENCE if p.search(head)) >= _KINDS
