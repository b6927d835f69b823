"""A document's SQS numbers as the catalog queries read them from `document_sqs`."""

from __future__ import annotations

from functools import lru_cache


def sqs_of(tagged: str | None, inferred: str | None) -> tuple[int, ...]:
    """The SQS numbers from a query's two `group_concat(sqs)` columns, sorted: the numbers given
    by `tag` replace those read from the path, as everywhere else."""
    return _parsed(tagged if tagged is not None else inferred)


@lru_cache(maxsize=4096)
def _parsed(text: str | None) -> tuple[int, ...]:
    # A catalog holds few distinct lists ("14", "2,14", ...), and status reads one per document.
    return tuple(sorted(int(n) for n in text.split(","))) if text else ()
