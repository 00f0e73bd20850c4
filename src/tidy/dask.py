"""Dask integration: repair corpora on a cluster, and learn boilerplate map-reduce style.

Needs the ``dask`` extra (``pip install 'tidy-prose[dask]'``). Every function takes the
options of :func:`tidy.fixer` (``select``, ``ignore``, ``extend_select``, ``unsafe``,
``mode``, ``rules_dirs``, ``rule_options``) as keywords; they are checked at once on the
client (an unknown rule raises :class:`tidy.RuleError` before anything runs), then each
partition builds its own fixer from them on its worker. Tasks are module-level functions
over plain data, so graphs pickle for a distributed cluster, and results do not depend on
partitioning. ``rules_dirs`` must name directories that the workers can read.

    >>> from dask.distributed import Client                    # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")                # doctest: +SKIP
    >>> fix_jsonl_files("s3://corpus/*.jsonl", "s3://clean/")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

try:
    import dask.bag as db
    from fsspec.core import get_fs_token_paths
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError("tidy.dask needs Dask: pip install 'tidy-prose[dask]'") from exc

import tidy
from tidy.boilerplate import Learned, Learner
from tidy.records import RecordError, fix_jsonl

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    from dask.delayed import Delayed

__all__ = [
    "fix_bag",
    "fix_dataframe",
    "fix_jsonl_files",
    "fix_parquet",
    "fix_records_bag",
    "learn_boilerplate",
]

_ENCODING = "utf-8"


def _dataframe() -> Any:
    """``dask.dataframe``, imported only when a dataframe function is used."""
    try:
        import dask.dataframe
    except ImportError as exc:  # pragma: no cover - the extra installs pandas and pyarrow
        raise ImportError(
            "tidy.dask dataframes need pandas and pyarrow: pip install 'tidy-prose[dask]'"
        ) from exc
    return dask.dataframe


def _checked(fix_options: Mapping[str, Any]) -> dict[str, Any]:
    """``fix_options`` as a plain dict, after building a fixer from them once on the
    client, so a bad rule id or option fails here rather than on every worker."""
    tidy.fixer(**fix_options)
    return dict(fix_options)


# Partition tasks: module-level, so a distributed scheduler pickles them by reference.


def _fix_texts(texts: Iterable[str], *, options: Mapping[str, Any]) -> list[str]:
    fix = tidy.fixer(**options)
    return [fix(text).text for text in texts]


def _fix_records(
    records: Iterable[Mapping[str, Any]], *, field: str, options: Mapping[str, Any]
) -> list[dict[str, Any]]:
    fix = tidy.fixer(**options)
    out = []
    for record in records:
        value = record.get(field)
        if not isinstance(value, str):
            raise ValueError(f"record has no string field {field!r}: {record!r:.200}")
        out.append({**record, field: fix(value).text})  # same key order, field replaced
    return out


def _fix_lines(
    lines: Iterable[tuple[str, str]],
    *,
    field: str,
    skip_invalid: bool,
    options: Mapping[str, Any],
) -> list[bytes]:
    """One JSONL file's ``(line, path)`` pairs (endings kept) repaired as
    ``tidy.records.fix_jsonl`` does, as a single UTF-8 element, so the writer adds no
    separators of its own."""
    fix = tidy.fixer(**options)
    pairs = list(lines)
    raw = [line for line, _ in pairs]
    try:
        results = fix_jsonl(raw, field=field, fixer=fix, skip_invalid=skip_invalid)
        text = "".join(r.output_line for r in results)
    except RecordError as exc:  # name the file: line numbers count from its start
        reason = f"{exc.reason} (in {pairs[0][1]})"
        raise RecordError(exc.line_no, reason, exc.record_id) from None
    return [text.encode(_ENCODING)]


def _fix_frame(frame: pd.DataFrame, *, column: Any, options: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    fix = tidy.fixer(**options)
    series = frame[column]
    values = []
    for value, missing in zip(series.tolist(), series.isna().tolist(), strict=True):
        if missing:
            values.append(value)  # missing values stay missing
        elif isinstance(value, str):
            values.append(fix(value).text)
        else:
            raise TypeError(f"column {column!r} holds a {type(value).__name__}, not a string")
    out = frame.copy(deep=False)
    out[column] = pd.Series(values, index=series.index, dtype=series.dtype, name=series.name)
    return out


def _learn(documents: Iterable[str]) -> Learner:
    learner = Learner()
    for document in documents:
        learner.add(document)
    return learner


def _merge(learners: Iterable[Learner]) -> Learner:
    # Merging adds per-document counts, so the total is the same for any grouping or order.
    return functools.reduce(Learner.merge, learners, Learner())


# Public API.


def fix_bag(bag: db.Bag, **fix_options: Any) -> db.Bag:
    """A bag of ``bag``'s strings repaired by ``tidy.fixer(**fix_options)`` (in order)."""
    options = _checked(fix_options)
    return bag.map_partitions(functools.partial(_fix_texts, options=options))


def fix_records_bag(bag: db.Bag, field: str = "text", **fix_options: Any) -> db.Bag:
    """A bag of ``bag``'s dicts with ``field`` repaired; the other fields and the key order
    are kept. A record without a string ``field`` fails the computation (``ValueError``)."""
    options = _checked(fix_options)
    return bag.map_partitions(functools.partial(_fix_records, field=field, options=options))


def fix_dataframe(df: dd.DataFrame, column: Any = "text", **fix_options: Any) -> dd.DataFrame:
    """``df`` with its string ``column`` repaired; dtypes, index, divisions and the other
    columns are kept, and missing values stay missing."""
    import pandas as pd

    meta = df._meta
    if column not in meta.columns:
        raise KeyError(f"no column {column!r}")
    if not pd.api.types.is_string_dtype(meta[column].dtype):
        raise TypeError(f"column {column!r} is {meta[column].dtype}, not strings")
    options = _checked(fix_options)
    return df.map_partitions(
        functools.partial(_fix_frame, column=column, options=options), meta=meta
    )


def fix_jsonl_files(
    inputs: str | Sequence[str],
    output_dir: str,
    field: str = "text",
    *,
    skip_invalid: bool = False,
    compute: bool = True,
    storage_options: Mapping[str, Any] | None = None,
    **fix_options: Any,
) -> list[str] | list[Delayed]:
    """Repair ``field`` of every record in the JSONL files ``inputs`` (paths, globs or URLs
    of one file system), writing each to ``output_dir`` under its own name (compressed
    alike: ``a.jsonl.gz`` gives a gzipped ``a.jsonl.gz``).

    Each file is one partition, repaired by :func:`tidy.records.fix_jsonl` (the code
    behind ``tidy fix --jsonl``) on its raw lines, endings kept: each output line is byte
    for byte what that gives, so an unchanged record is copied and a changed one differs
    only in the field's JSON string. Input is UTF-8. A malformed line fails the computation
    with a :class:`tidy.records.RecordError` naming its line in its file, unless
    ``skip_invalid`` (then it is copied unchanged).

    Returns the output paths, or with ``compute=False`` one ``Delayed`` write per file
    (``output_dir`` is created at once either way). Writing over an input is refused.
    """
    opts = dict(storage_options or {})
    options = _checked(fix_options)
    urls = [inputs] if isinstance(inputs, str) else list(inputs)
    fs, _, paths = get_fs_token_paths(urls, mode="rb", storage_options=opts)
    if not paths:
        raise FileNotFoundError(f"no input files match {inputs!r}")
    names = [posixpath.basename(p) for p in paths]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"input files share output names: {', '.join(twice)}")
    # linedelimiter="" opens the files with newline="": lines keep "\r\n" untranslated.
    lines = db.read_text(
        [fs.unstrip_protocol(p) for p in paths],
        encoding=_ENCODING,
        linedelimiter="",
        storage_options=opts,
        include_path=True,
    )
    fixed = lines.map_partitions(
        functools.partial(_fix_lines, field=field, skip_invalid=skip_invalid, options=options)
    )
    out_dir = output_dir.rstrip("/")
    targets = [f"{out_dir}/{name}" for name in names]
    fs_out, _, out_paths = get_fs_token_paths(targets, mode="wb", storage_options=opts)
    sources = {fs.unstrip_protocol(posixpath.normpath(p)) for p in paths}
    for target in out_paths:
        if fs_out.unstrip_protocol(posixpath.normpath(target)) in sources:
            raise ValueError(f"the output would overwrite its input {target}")
    fs_out.makedirs(out_dir, exist_ok=True)
    # encoding=None writes bytes; each partition is one element, so nothing is added.
    return fixed.to_textfiles(targets, encoding=None, compute=compute, storage_options=opts)


def fix_parquet(
    input_path: str,
    output_path: str,
    column: str = "text",
    *,
    compute: bool = True,
    storage_options: Mapping[str, Any] | None = None,
    **fix_options: Any,
) -> Delayed | None:
    """Read the Parquet dataset ``input_path``, repair its string ``column`` and write the
    result (same schema, index and other columns) to ``output_path``. With
    ``compute=False`` returns the ``Delayed`` write instead of running it."""
    dd = _dataframe()
    opts = dict(storage_options or {})
    df = dd.read_parquet(input_path, storage_options=opts)
    fixed = fix_dataframe(df, column, **fix_options)
    written = fixed.to_parquet(output_path, compute=compute, storage_options=opts)
    return None if compute else written


def learn_boilerplate(
    documents: db.Bag, min_docs: int | None = None, min_fraction: float | None = None
) -> Learned:
    """What recurs across the bag's documents, as :meth:`tidy.boilerplate.Learner.result`
    finds it: one :class:`~tidy.boilerplate.Learner` per partition, merged in a tree.
    Identical to learning the same documents in one process. Use the result with
    ``fix_bag(bag, extend_select=["learned-boilerplate"],
    rule_options=tidy.boilerplate.rule_options(learned))``."""
    learner = documents.reduction(_learn, _merge).compute()
    return learner.result(min_docs=min_docs, min_fraction=min_fraction)
