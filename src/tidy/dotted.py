"""Names glued by a full stop: ``module.Member``, ``Name.Name``, ``1.XX``.

A full stop glued between two words is a lost space between two sentences
(``agenda.This``) or a name (``time.MONOTONIC``, ``inspect.Signature``, ``Major.Minor``).
:func:`dotted_name` tells them apart for the sentence-end guard, from the pair's own
line, from the words that open sentences, and from what the document says of the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from tidy import language, lexicon
from tidy.identifiers import (
    KIND_AFTER,
    SENTENCE_WORDS,
    call_opening,
    changelog_line,
    code_line,
    code_word,
    in_code,
    technical,
)
from tidy.protect import TLDS

if TYPE_CHECKING:
    from tidy.context import Context


def dotted_name(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether ``left.right`` around the full stop at ``p`` is a name, not two sentences:
    a call or index follows (``obj.Method()``), a constant (``time.MONOTONIC``), a module
    and its class (``fractions.Fraction``), a version placeholder (``1.XX``), a name the
    document writes in inline code, or, in a technical document, any pair whose second
    word does not usually start a sentence (``inspect.Signature``, ``Major.Minor``)."""
    # The phases' order decides: a word that opens sentences outweighs all the document
    # says of the words, but not what the pair's line shows nor the pair written as code.
    # (After the first phase each phase answers one way only: inside it, order is cost.)
    verdict = _line_verdict(text, p, left, right, ctx)
    if verdict is not None:
        return verdict
    if _written_as_code(left, right, ctx):
        return True
    if _two_sentences(text, p, left, right, ctx):
        return False
    return _named_by_document(text, p, left, right, ctx)


_EXCHANGE = re.compile(r"[A-Z]{1,4}")  # an exchange's code after a share's number
_CHAIN_DOTS = 4  # dots in one token that make it a name (no run of sentences glues so)


def _long_chain(text: str, p: int) -> bool:
    """Whether the full stop at ``p`` stands in a token of four dots or more between
    letters and digits (a package's file name, a version string), not an ellipsis."""
    a = p
    while a > 0 and not text[a - 1].isspace() and p - a < 80:
        a -= 1
    b = p
    while b < len(text) and not text[b].isspace() and b - p < 80:
        b += 1
    token = text[a:b]
    return token.count(".") >= _CHAIN_DOTS and ".." not in token and "…" not in token


_EXTENSION = re.compile(r"[A-Z]{1,3}")
# A call's opening set out with spaces, a quoted string its first argument.
_SPACED_CALL = re.compile(r" \( ?[\"'`]")
# Platforms a product's port is named after, glued to its name by a full stop.
_PLATFORMS = frozenset("Windows Mac Linux macOS iOS Android Unix Win32 Win64 WinRT".split())


def _line_verdict(text: str, p: int, left: str, right: str, ctx: Context) -> bool | None:
    """What the pair's own line shows: a call or index follows, a version's placeholder
    after a number (and after a number nothing else is a name: ``2023.The``), an
    assignment, a constant, the line's end. None where it shows none of these."""
    after = p + 1 + len(right)
    if text[after : after + 1] in ("(", "[") and call_opening(text, after):
        return True  # obj.Method(), pd.Series([…]); not fell.Economists(at the Bank)
    if left.islower() and _SPACED_CALL.match(text, after):
        return True  # net.Listen ( "tcp" , addr ): a call set out with spaces, a string in it
    if right.isupper() and right.lower() in _FILE_EXTENSIONS and not left.isdigit():
        return True  # 220px-HarveyCushing.JPG: a file's name (its left starts with digits)
    if left.isdigit() and _EXCHANGE.fullmatch(right) and not text[after : after + 1].isalpha():
        return True  # 6472.TW, 7203.T: a listed share and its exchange
    if _long_chain(text, p):
        return True  # aixtools.gnu.bash.4.3.42.0.aix537.I: a package's file name
    if left[:1].isdigit() and len(left) >= 4 and left.isupper() and _EXTENSION.fullmatch(right):
        return True  # 0INDEX.GUT: a file's name in capitals, its first letter a digit
    if left[:1].isdigit() or _HYPHEN_NUMBER.search(left):  # (release-1.YY too)
        if _PLACEHOLDER.fullmatch(right) is not None:
            return True  # 1.XX, 2.x
        # 5.3.3.Final, 9.0.0.Final GA: a release's qualifier after a three-part version
        # (but 8.1.0.Collectively: a sentence)
        return (
            _QUALIFIER.fullmatch(right) is not None
            and _VERSION_BEFORE.search(text, max(0, p - 40), p) is not None
        )
    if (
        len(left) == 1
        and left.islower()
        and (p < 2 or not text[p - 2].isalnum())
        and right.lower() not in SENTENCE_WORDS
    ):
        return True  # Stanford's d.School: one lower-case letter ends no sentence that
        # the next one then opens with a word that seldom opens one (but c.Next: a slip)
    if left.islower() and right in _FORMAT_FUNCTIONS:
        return True  # klog.Fatalf, t.Errorf: a logger's or a test's formatting function
    if _ASSIGNMENT_AFTER.match(text, after):
        return True  # request.Credentials = …: a member assigned to
    if right.isupper() and len(right) >= 4 and left.isalpha():
        return True  # time.MONOTONIC, os.O_RDONLY
    if (
        right in _PLATFORMS
        and left[:1].isupper()
        and left.isalpha()
        and left not in _PLATFORMS
        and left.lower() not in SENTENCE_WORDS
    ):
        return True  # Squirrel.Windows, Xamarin.Android: a product's build for a platform
    if right.isupper() and right.lower() in _FILE_EXTENSIONS:
        return True  # rome.JPG, build.RS: a file's name, its extension in capitals
    if (
        right[:1].isupper()
        and right.lower() in _FILE_EXTENSIONS
        and not _VOWEL.search(right)
        and left.isalnum()
    ):
        return True  # Appendix.Rmd, Report.Pdf: a file's name (no word lacks a vowel)
    if left[:1].isalpha() and _heads_a_path_on_line(text, p, left, ctx):
        return True  # QDateTime.First beside QDateTime.YearRange.First: a namespace's member
    if (
        left[:1].isupper()
        and text[after : after + 1] == "."
        and text[after + 1 : after + 2] in (" ", "\t")
        and right.lower() not in SENTENCE_WORDS
        and _NAME_WORD.fullmatch(left)
        and technical(ctx)
    ):
        return True  # on Libera.Chat.  You can: no sentence is one word long
    if (
        left.isascii()
        and technical(ctx)
        and language.language_at(text, p, ctx) in ("en", language.UNKNOWN)
        and _member_again_on_line(text, p, left, ctx)
    ):
        return True  # time.After beside time.Sleep: a package whose members the line names
        # (in English: séparateur.En … séparateur.Si are two slips in a French line)
    if (
        left.islower()
        and right.lower() not in SENTENCE_WORDS
        and _ITEM_HEAD.fullmatch(text, ctx.line(p)[0], p - len(left)) is not None
    ):
        return True  # "*** step.Trial can work with …": an item opens with it, and no
        # sentence is one lower-case word long
    if (
        left.isascii()
        and left.isalpha()
        and not _VOWEL.search(left)
        and right.lower() not in SENTENCE_WORDS
        and language.language_at(text, p, ctx) in ("en", language.UNKNOWN)
    ):
        return True  # use pb.Cacheable, html.Waterfall: no English word ends a sentence so
    if text[after : after + 1] in ("", "\n", "\r", ")") and left.isalpha():
        if not _wrapped_on(text, p - len(left), after):
            return True  # "derived from typing.Generic⏎": no sentence is one word long
    if (
        text[after : after + 1] == "."
        and text[after + 1 : after + 2] in ("", "\n", "\r")
        and left.isalpha()
        and technical(ctx)
        and not _wrapped_on(text, p - len(left), after + 1)
    ):
        return True  # "the types in System.Collections.⏎": a one-word sentence is rarer
    return None


# Extensions a file's name may show in capitals (a camera's rome.JPG, a spoken build.RS).
_FILE_EXTENSIONS = frozenset(
    """jpg jpeg png gif svg tif tiff bmp pdf doc docx xls xlsx ppt pptx txt csv zip gz tgz
    mp3 mp4 wav avi mov mkv exe dll rs py js ts rb go md html htm xml json yml yaml rmd qmd
    rnw""".split()
)


def _heads_a_path_on_line(text: str, p: int, left: str, ctx: Context) -> bool:
    """Whether the line of the full stop at ``p`` writes ``left`` elsewhere as the head of
    a dotted path of three parts or more (``QDateTime.YearRange.First``): no slip glues a
    word to two others, so ``left`` is a namespace there, even before a word that opens
    sentences."""
    le = ctx.line(p)[1]
    return any(_PATH_TAIL.match(text, j, le) for j in _same_head_on_line(text, p, left, ctx))


def _same_head_on_line(text: str, p: int, left: str, ctx: Context) -> Iterator[int]:
    """Where what follows each other ``left.`` on the line of ``p`` starts (``left`` a
    word of its own there, not the tail of ``a.left.``)."""
    ls, le = ctx.line(p)
    head = p - len(left)
    key = left + "."
    i = text.find(key, ls, le)
    while i >= 0:
        j = i + len(key)
        if i != head and (i == ls or not (text[i - 1].isalnum() or text[i - 1] in "._")):
            yield j
        i = text.find(key, j, le)


def _member_again_on_line(text: str, p: int, left: str, ctx: Context) -> bool:
    """Whether the line of the full stop at ``p`` glues ``left.`` elsewhere to a
    capitalised word that opens no sentence (``time.Sleep``, ``Rows.Err``): ``left`` is
    then a package or a type, and ``time.After``, ``Rows.Next`` its members too."""
    le = ctx.line(p)[1]
    for j in _same_head_on_line(text, p, left, ctx):
        m = _MEMBER.match(text, j, le)
        if m is not None and m.group().lower() not in SENTENCE_WORDS:
            return True
    return False


_MEMBER = re.compile(r"[A-Z][a-z]\w*")
# Go's (and its loggers') printf-style functions: no sentence opens with one.
_FORMAT_FUNCTIONS = frozenset(
    """Printf Sprintf Fprintf Errorf Fatalf Panicf Infof Warnf Warningf Debugf Tracef Logf
    Skipf Appendf Sscanf Scanf Fscanf""".split()
)
# Where an item's first word starts: a line's indentation and its list or outline marker.
_ITEM_HEAD = re.compile(r"[ \t]*(?:[-*+#•]+|\d{1,3}[.)])[ \t]+")
_VOWEL = re.compile("[aeiouyAEIOUY]")
_NAME_WORD = re.compile(r"[A-Z][a-z]+")  # (one capital: ASP.NET, US.Gov are other things)
# A release's qualifier (Maven's, Python's, a channel's): 5.3.3.Final, 2.0.0.RC1, 1.2.3.Beta
_QUALIFIER = re.compile(
    r"(?i:final|ga|release|snapshot|alpha|beta|rc|cr|sp|m|preview|dev|post|stable|lts)\d*"
)
_VERSION_BEFORE = re.compile(r"(?<![\w.])\d+\.\d+\.\d+$")


# two more parts of a dotted path, the first capitalised as a member is (not a file's
# name and extensions: server.conf.gz)
_PATH_TAIL = re.compile(r"[A-Z]\w*\.[A-Za-z_]")


def _written_as_code(left: str, right: str, ctx: Context) -> bool:
    """Whether the document writes this very pair as code, in inline code or called: what
    it shows of the pair itself outweighs a second word that opens sentences."""
    if in_code(ctx, f"{left}.{right}"):
        return True
    # html.Waterfall display beside html.Waterfall(…), base.I beside base.I<A>
    return left.isalpha() and f"{left}.{right}" in ctx.doc_memo("called-members", _called_members)


def _two_sentences(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether ``right`` opens a sentence, in English or in the language spoken at ``p``:
    then the pair is two sentences, whatever the document says of its words."""
    if right.lower() in SENTENCE_WORDS:
        return True  # agenda.This, pager.The: a sentence starts, even in a manual
    # résultat.Au passage, communauté.Comme tous: the same in French
    return _opens_sentence_in(text, p, left, right, ctx)


def _named_by_document(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """What the document says of the words, once no sentence is seen to start: a link, a
    module and its members, a name's shape, a line that speaks of names."""
    return (
        _named_by_link(text, p, left, right, ctx)
        or _module_and_member(text, p, left, right, ctx)
        or _shaped_as_name(left, right, ctx)
        or _line_of_names(text, p, left, right, ctx)
    )


def _named_by_link(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether a Markdown link names the pair: its address spells it, or it stands in the
    link's text."""
    if _spelled_by_its_link(text, p, left, right, ctx):
        return True  # [Rust.Tokyo 2021](https://…/rusttokyo2021): the name the link has
    # [Modern.Web Podcast](https://…): a name the link's text gives
    return left[:1].isupper() and _in_link_text(text, p, ctx)


def _module_and_member(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether ``left`` is a module, namespace or package that the pair names a member of:
    a known one, or one the document shows so (its paths, its other members, its file)."""
    if left in _MODULES:
        return True  # typing.Deque, np.Array: a module no sentence ends with
    if left[:1].isupper() and right[:1].isupper() and _capital_paths(ctx):
        return True  # Tasty.Golden where the document writes Text.Pandoc.Readers.Docx
    if left[:1].isupper() and right[:1].isupper() and _namespace_of_three(ctx, left):
        return True  # Ruby.Object beside Ruby.Class and Ruby.NET: one namespace's members
    if left[:1].isupper() and right[:1].isupper() and left in _url_namespaces(ctx):
        return True  # Leaflet.Draw where a link's address holds …/Leaflet.Pin: a family's name
    if (
        left[1:].islower()
        and left.lower() in _MODULES
        and right[:1].isupper()
        and _writes_word(ctx, left.lower())
    ):
        return True  # Multiprocessing.Pool where the document writes multiprocessing
    if left.islower() and technical(ctx) and (left in _GO_PACKAGES or _package(ctx, left)):
        return True  # currency.Value beside currency.USD: a package and its members
    if technical(ctx) and left.lower() == right.lower():
        return True  # pod.Pod, config.Config: a package and its type of the same name
    if left.islower() and technical(ctx) and _sibling_on_line(text, p, left, right, ctx):
        return True  # time.Duration vs. time.Time: one package, two members, one line
    if left[:1].isupper() and technical(ctx) and left in _glued_paths_of(ctx).members:
        return True  # Suite.Step where the document writes godog.Suite: a type's method
    if left.islower() and left in _glued_paths_of(ctx).modules:
        return True  # words.IRC where the document writes buildbot.status.words.IRC
    # types.Date where the document names types.py: the module's member
    return left.islower() and left in ctx.doc_memo("module-files", _module_files)


def _shaped_as_name(left: str, right: str, ctx: Context) -> bool:
    """Whether the words are shaped as a type and its member, a version's parts or an
    identifier, or are written as code elsewhere."""
    if left.islower() and left.endswith("py") and len(left) >= 5 and technical(ctx):
        return True  # astropy.Quantity, scipy.Integrate: a Python package's member
    if left.lower() in _BUILTIN_TYPES:
        return True  # str.Format, Dict.Keys: a built-in type's method, however cased
    if left.lower() in _TYPE_WORDS and technical(ctx):
        return True  # string.Format, array.Length: a type and its member, where code is
    if left.lower() in _VERSION_PARTS and right.lower() in _VERSION_PARTS:
        return True  # Major.Minor, MAJOR.MINOR.Patch: a version's placeholder
    if code_word(left) and technical(ctx):
        return True  # metav1.Condition, SELinuxOptions.User: an identifier's member
    if len(left) >= 4 and left.lower()[:4] == right.lower()[:4]:
        return True  # fractions.Fraction, numbers.Number, struct.Struct
    # the document writes ``inspect`` or ``Signature`` as code elsewhere
    return in_code(ctx, left) or in_code(ctx, right)


def _line_of_names(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether the words around the pair speak of names: a kind after it, a module's
    member beside it, a change-log entry, code on a technical document's line."""
    after = p + 1 + len(right)
    if KIND_AFTER.match(text, after):
        return True  # pathlib.Path objects, the Edit.Save menu
    if left.islower() and technical(ctx) and _KIND_AFTER_CODE.match(text, after):
        return True  # an appengine.Context value, the file.Close example: where code is
    if left.islower() and technical(ctx) and _module_member_on_line(text, p, ctx):
        return True  # renaming os.Error to error.Value: names beside a module's member
    if left.isalpha() and changelog_line(text, p, ctx):
        return True  # "- **doc**: fix net.Socket link (Ann) [#20271](…)": a change log
    if left.islower() and technical(ctx) and _SUBSYSTEM_ENTRY.match(text, ctx.line(p)[0]):
        return True  # "- net: register net.Server callback once": an entry for a module
    # In a document that holds code, on a line that holds code too: inspect.Signature,
    # Major.Minor. A line of plain sentences keeps its repairs (September.Boats leave).
    return left.isalpha() and technical(ctx) and code_line(text, p, ctx)


# --------------------------------------------------------------------------- the pair's own line

_HYPHEN_NUMBER = re.compile(r"-\d+$")  # a name's number after a hyphen: release-1
_PLACEHOLDER = re.compile(r"[Xx]+|([XYZN])\1*")  # 1.XX, 3.NN, 2.x
# An assignment after the name (not a comparison ==, nor an arrow =>)
_ASSIGNMENT_AFTER = re.compile(r" ?=(?![=>])")


def _wrapped_on(text: str, start: int, end: int) -> bool:
    """Whether the line that ``text[start:end]`` ends goes on, words before the token and
    the next line continuing in lower case: a hard-wrapped sentence (`than I
    expected.On⏎the contrary`), not a name on a line of its own."""
    ls = text.rfind("\n", 0, start) + 1
    nxt = text[end + 1 : end + 3] if text[end : end + 1] == "\n" else ""
    return bool(text[ls:start].strip()) and nxt[:1].islower()


# --------------------------------------------------------------------------- the pair in code

# A member called (html.Waterfall(port)) or given type arguments (base.I<A1, A2>).
_CALLED_MEMBER = re.compile(r"\.([A-Z]\w*)(?:\(|<(?=\w[^<>\n]{0,40}>))")


def _called_members(doc: str) -> frozenset[str]:
    """Every ``name.Member`` the document calls (``html.Waterfall(http_port)``)."""
    found = set()
    for m in _CALLED_MEMBER.finditer(doc):
        i = p = m.start()
        while i > 0 and doc[i - 1].isalpha():
            i -= 1
        # (not fell.Economists(at the Bank))
        if i < p and (doc[m.end() - 1] == "<" or call_opening(doc, m.end() - 1)):
            found.add(f"{doc[i:p]}.{m.group(1)}")
    return frozenset(found)


# --------------------------------------------------------------------------- two sentences


def _opens_sentence_in(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether ``left.right`` reads as two sentences in the language spoken at ``p``
    (other than English, whose words SENTENCE_WORDS lists): ``right`` is one of its
    function words or sentence openers, either word has a letter outside ASCII (code
    names do not: ``intégré.Autrement``, ``Größe.Die``), or ``right`` has the shape of
    the language's own words (French ``Notez``, ``Lorsqu'il``)."""
    lang = language.language_at(text, p, ctx)
    if lang in ("en", language.UNKNOWN):
        return False
    word = right.lower()
    if language.native_words(text, p, ctx, left, right):
        return True
    if lang == "fr":
        after = p + 1 + len(right)
        if text[after : after + 1] in ("'", "’") and text[after + 1 : after + 2].isalpha():
            return True  # Lorsqu'il, C'est: an elided French word, never a name
        return len(word) >= 4 and word.endswith("ez")  # Notez, Consultez: an imperative
    return False


# --------------------------------------------------------------------------- links

URL_REACH = 100  # after a dotted name, where its link's address is looked for (verdicts.AFTER)


def _spelled_by_its_link(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether the web address that follows ``left.right`` on its line (its link, as in
    ``[Rust.Tokyo 2021](https://…/rusttokyo2021)``) spells it as one word or name: the dot
    is the name's own. Only URL_REACH characters on are read, and one address. A list
    entry's link before a capitalised pair may spell its second part
    (``[mystem](https://…/mystem) - bindings to Yandex.Mystem``)."""
    ls, le = ctx.line(p)
    a, b = left.lower(), right.lower()
    hi = min(le, p + URL_REACH)
    found = [i for i in (text.find("://", p, hi), text.find("www.", p, hi)) if i >= 0]
    if found:
        i = min(found)
        start = max(
            p, text.rfind(" ", p, i) + 1, text.rfind("(", p, i) + 1, text.rfind("<", p, i) + 1
        )
        end = text.find(" ", i, hi)
        url = text[start : hi if end < 0 else end].lower()
        if any(spelled in url for spelled in (a + b, f"{a}.{b}", f"{a}-{b}", f"{a}_{b}")):
            return True
    if not (left[:1].isupper() and right[:1].isupper() and len(b) >= 4):
        return False
    lo = max(ls, p - 2 * URL_REACH)
    i = text.rfind("](", lo, p)  # (the line's last Markdown link before the pair)
    if i < 0:
        return False
    end = text.find(")", i, p)
    return end >= 0 and b in text[i + 2 : end].lower().rsplit("/", 1)[-1]


def _in_link_text(text: str, p: int, ctx: Context) -> bool:
    """Whether ``p`` lies in the text of a Markdown link on its line: ``[`` before it
    with no ``]`` between, and ``](`` after it (within URL_REACH characters)."""
    ls, le = ctx.line(p)
    opening = text.rfind("[", max(ls, p - URL_REACH), p)
    if opening < 0 or text.find("]", opening, p) >= 0:
        return False
    closing = text.find("](", p, min(le, p + URL_REACH))
    return closing >= 0 and text.find("[", p, closing) < 0


# --------------------------------------------------------------------------- modules and packages

# Modules and namespaces whose names are not everyday words, as code writes them before a
# class or constant (``typing.Deque``); a sentence word after them still starts a sentence.
_MODULES = frozenset(
    """typing collections abc enum datetime decimal fractions pathlib inspect asyncio
    contextlib dataclasses functools itertools json logging multiprocessing os subprocess sys
    threading unittest urllib uuid weakref argparse sqlite3 tkinter ctypes heapq shutil
    tempfile zipfile tarfile pickle textwrap traceback hashlib hmac base64 codecs gettext
    errno numpy np pd pandas torch tf scipy sklearn django flask pydantic fastapi starlette
    sqlalchemy pytest typing_extensions std javax http https dgram tls dns vm fs zlib
    readline io fmt bufio strconv sympy matplotlib mpl plt seaborn sns xarray xr dask
    polars jax jnp keras nltk spacy cv2 yaml tomllib sync net errors context bytes strings
    reflect regexp runtime testing atomic""".split()
)
# Go's standard packages whose names are English words (``unsafe.Pointer``): names only
# in a document that holds code.
_GO_PACKAGES = frozenset("reflect unsafe runtime syscall atomic filepath regexp".split())

# The middle of a module path whose parts are all capitalised (`.Pandoc.` of
# Text.Pandoc.Readers, `.Collections.` of System.Collections.Generic); the stop first.
_CAPITAL_PATH = re.compile(r"\.(?<=[a-z0-9]\.)[A-Z][A-Za-z0-9]*\.(?=[A-Z][a-z])")
_CAPITAL_PATHS = 5  # such paths a document needs before its capitalised pairs are modules


def _capital_paths(ctx: Context) -> bool:
    """Whether the document writes five module paths or more of three capitalised parts
    (Haskell's Text.Pandoc.Readers, .NET's System.IO.Path): there a capitalised pair glued
    by a stop is a module too (Tasty.Golden), not two sentences."""

    def count(doc: str) -> bool:
        return sum(1 for _ in islice(_CAPITAL_PATH.finditer(doc), _CAPITAL_PATHS)) >= _CAPITAL_PATHS

    return ctx.doc_memo("capital-paths", count)


def _url_namespaces(ctx: Context) -> frozenset[str]:
    """Capitalised words that the paths of the document's web addresses glue by a stop to
    another capitalised word (``github.com/kklimczak/Leaflet.Pin``,
    ``…/Leaflet.Control.Appearance``): names of a family of packages or types, which prose
    writes the same way (``Leaflet.Draw``, ``Control.Layers``)."""

    def find(doc: str) -> frozenset[str]:
        out: set[str] = set()
        for url in _URL.finditer(doc):  # (its path only: the host's parts are no names)
            out.update(_URL_NAMESPACE.findall(doc, url.start(1), url.end(1)))
        return frozenset(out)

    return ctx.doc_memo("url-namespaces", find)  # type: ignore[no-any-return]


# A web address (the scheme first: the host starts where it ends), and a capitalised part
# of its path glued by a stop to another capitalised one.
_URL = re.compile(r"https?://[^\s/]+(/[^\s)\]>\"']*)")
_URL_NAMESPACE = re.compile(r"(?<=[/.\-_])([A-Z][A-Za-z0-9]*)\.(?=[A-Z])")


def _writes_word(ctx: Context, word: str) -> bool:
    """Whether the document writes ``word`` as a word of its own, in lower case."""
    return ctx.doc_memo(  # type: ignore[no-any-return]
        ("writes-word", word),
        lambda doc: re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", doc) is not None,
    )


# A capitalised word glued by a stop to a capitalised one (the stop first)
_CAPITAL_PAIR = re.compile(r"\.(?<=[A-Za-z0-9]\.)(?=[A-Z])")
_NAMESPACE_MEMBERS = 3  # different members that make a capitalised word a namespace


def _namespace_of_three(ctx: Context, left: str) -> bool:
    """Whether the document glues ``left.`` to three different capitalised words or more
    that open no sentence (``Ruby.NET``, ``Ruby.Object``, ``Ruby.Class``): a namespace and
    its members, as a text about .NET writes them, not a word that ends three sentences."""
    return left in ctx.doc_memo("capital-members", _capital_members)


def _capital_members(doc: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for m in _CAPITAL_PAIR.finditer(doc):
        p = i = m.start()
        while i > 0 and doc[i - 1].isalnum():
            i -= 1
        if i == p or not doc[i].isupper() or (i > 0 and doc[i - 1] in "._"):
            continue  # (a path's inner part, or a lower-case word: other checks ask)
        member = _MEMBER_NAME.match(doc, p + 1)
        assert member is not None
        word = member.group()
        if word.lower() in SENTENCE_WORDS or word.lower() in lexicon.SENTENCE_STARTS:
            continue
        found.setdefault(doc[i:p], set()).add(word)
    return {k: frozenset(v) for k, v in found.items() if len(v) >= _NAMESPACE_MEMBERS}


# A full stop between a lower-case name and a capital (the stop first: a pattern that
# opened with the name would be tried at every letter of the document).
_DOT_BEFORE_CAPITAL = re.compile(r"\.(?<=[a-z0-9_]\.)(?=[A-Z])")
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.")
_NAME_PART = re.compile(r"[a-z_][a-z0-9_]*")
_MEMBER_NAME = re.compile(r"[A-Z]\w*")


def _glued_paths(doc: str) -> Iterator[tuple[list[str], str]]:
    """Each lower-case dotted path the document glues to a capitalised name with a full
    stop (``steps.source`` and ``Git`` of ``buildbot.steps.source.Git``)."""
    for m in _DOT_BEFORE_CAPITAL.finditer(doc):
        p = i = m.start()
        while i > 0 and doc[i - 1] in _PATH_CHARS:
            i -= 1
        if i > 0 and (doc[i - 1].isalnum() or doc[i - 1] == "_"):
            continue  # (Foo.bar.Baz, été.Il: a name that starts with a capital or accent)
        parts = doc[i:p].split(".")
        if all(_NAME_PART.fullmatch(x) for x in parts):
            member = _MEMBER_NAME.match(doc, p + 1)
            assert member is not None
            yield parts, member.group()


class _GluedPaths(NamedTuple):
    """What the document's lower-case paths glued to a capitalised name say, read in one
    scan for the checks of modules and of packages alike."""

    # the modules named inside them (``source`` and ``steps`` of
    # ``buildbot.steps.source.Git``: the same word glued to a capital is that module)
    modules: frozenset[str]
    # the names they end with (``Suite`` of ``godog.Suite``: a type, whose own members
    # follow it with a stop)
    members: frozenset[str]
    # for each one-word path, the names glued to it (``currency``: ``SpellOut``, ``USD``)
    words: dict[str, frozenset[str]]


def _glued_paths_of(ctx: Context) -> _GluedPaths:
    return ctx.doc_memo("glued-paths", _read_glued_paths)


def _read_glued_paths(doc: str) -> _GluedPaths:
    modules: set[str] = set()
    members: set[str] = set()
    words: dict[str, set[str]] = {}
    for parts, member in _glued_paths(doc):
        members.add(member)
        if len(parts) == 1:
            words.setdefault(parts[0], set()).add(member)
        elif parts[-1] not in TLDS:  # (www.gov.uk.Ministers: a domain)
            modules.update(parts[1:])
    return _GluedPaths(
        frozenset(modules), frozenset(members), {k: frozenset(v) for k, v in words.items()}
    )


def _package(ctx: Context, left: str) -> bool:
    """Whether the document glues ``left.`` to two capitalised words or more, one of them
    shaped as code (``currency.SpellOut``, ``reflect.StructCopy``), or, for a one-letter
    variable, to any two (``g.Date``, ``g.User``): a package or an object and its members."""
    found = ctx.doc_memo("dotted-members", lambda _: _dotted_members(_glued_paths_of(ctx)))
    members = found.get(left, ())
    return len(members) > 1 and (len(left) == 1 or any(map(code_word, members)))


def _dotted_members(glued: _GluedPaths) -> dict[str, frozenset[str]]:
    """For each lower-case word the document glues to capitalised words with a full stop,
    those words, but for ones that open sentences (``said.The``, ``year.Mr``)."""
    found: dict[str, frozenset[str]] = {}
    for left, rights in glued.words.items():
        kept = frozenset(right for right in rights if not _sentence_opener(right.lower()))
        if kept:
            found[left] = kept
    return found


def _sentence_opener(word: str) -> bool:
    """Whether ``word`` (lower case) opens sentences in English or another language."""
    return (
        word in SENTENCE_WORDS
        or word in lexicon.SENTENCE_STARTS
        or language.opener_anywhere(word)
    )


def _sibling_on_line(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether the line of the full stop at ``p`` glues ``left.`` to another capitalised
    word than ``right`` too: two members of one package, named side by side."""
    # (The line's own scan, not the document's _GluedPaths: it counts ``left.`` after any
    # mark, inside a path too (os.time.Now), and members that open sentences.)
    ls, le = ctx.line(p)
    i = text.find(left + ".", ls, le)
    while i >= 0:
        j = i + len(left) + 1
        if (i == ls or not text[i - 1].isalnum()) and j != p + 1:
            m = _MEMBER_NAME.match(text, j)
            if m and m.group() != right:
                return True
        i = text.find(left + ".", i + 1, le)
    return False


# A source file's extension after a lower-case stem: the document names a module's file.
_SOURCE_FILE = re.compile(
    r"\.(?:py|pyi|rb|js|mjs|ts|go|rs|java|php|pm|lua|ex|scala|kt|swift|c|h|cc|cpp|hpp)\b"
)
_STEM = re.compile(r"[a-z_][a-z0-9_]*\Z")


def _module_files(doc: str) -> frozenset[str]:
    """The stems of the source files a document names (`types` of `types.py`)."""
    stems = set()
    for m in _SOURCE_FILE.finditer(doc):
        stem = _STEM.search(doc, max(0, m.start() - 40), m.start())
        if stem:
            stems.add(stem.group())
    return frozenset(stems)


# --------------------------------------------------------------------------- a name's shape

# Built-in types that are no English word a sentence could end on (not list or set).
_BUILTIN_TYPES = frozenset("str int dict bytes bytearray tuple bool frozenset".split())
# Type names that are English words too: a type only in a document that holds code.
_TYPE_WORDS = frozenset("string array list object span char double float decimal vector".split())
# The parts of a version number, as a placeholder names them.
_VERSION_PARTS = frozenset("major minor micro patch build revision".split())


# --------------------------------------------------------------------------- a line of names

# Kinds a program's name is spoken of as in a technical document (not in prose, where
# `fell.Investors value` is two sentences).
_KIND_AFTER_CODE = re.compile(
    r" (?:values?|examples?|variables?|structs?|parameters?|arguments?|receivers?)\b"
)
# A known module glued to a capitalised member (os.Error), the stop first.
_MEMBER_STOP = re.compile(r"\.(?<=[a-z0-9]\.)(?=[A-Z])")
# A change-log entry led by the part of the code it changes, in lower case (``- net: fix``,
# ``* **crypto**: reject``): in a document that holds code, a release's list of changes.
_SUBSYSTEM_ENTRY = re.compile(r"[ \t]*[-*+] (?:\*\*)?[a-z][a-z0-9_/,.-]*(?:\*\*)?: ")


def _module_member_on_line(text: str, p: int, ctx: Context) -> bool:
    """Whether the line of the full stop at ``p`` names, elsewhere, a member of a module
    no sentence ends with (``os.Error``): a line that speaks of names."""
    ls, le = ctx.line(p)
    for m in _MEMBER_STOP.finditer(text, ls, le):
        i = m.start()
        if i == p:
            continue
        j = i
        while j > ls and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        if text[j:i] in _MODULES and (j == ls or text[j - 1] not in "."):
            return True
    return False
