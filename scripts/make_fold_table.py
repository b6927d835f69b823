#!/usr/bin/env python3
"""Write the analyzer's Chinese fold table, `repo_tool/data/hk2s-chars.txt`, from OpenCC.

The analyzer folds each Han character to Simplified with OpenCC's `hk2s` character conversion,
repeated while it changes (a few characters chain: 薴 -> 苧 -> 苎). Doing that at run time meant
importing OpenCC and loading its dictionaries (~8 ms) in every command that folds a Chinese
character; the table is the same conversion done once, for every character of the analyzer's
Han ranges, kept as the pairs that change (about 5,000). `tests/test_analyzer.py` checks the
committed table against OpenCC, so a new OpenCC that converts differently fails until this
script is run again (and `ANALYZER_VERSION` bumped, since the tokens would change):

    .venv/bin/python scripts/make_fold_table.py            # write the table
    .venv/bin/python scripts/make_fold_table.py --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "repo_tool" / "data" / "hk2s-chars.txt"
HEADER = ("# repo-tool's Chinese fold: each line a Han character and its Simplified form by OpenCC "
          "hk2s,\n# repeated while it changes. Written by scripts/make_fold_table.py; do not "
          "edit.\n")


def table_text() -> str:
    """The table's text, from the OpenCC installed here."""
    import opencc

    from repo_tool.search._analyzer import HAN

    convert = opencc.OpenCC("hk2s").convert
    lines = []
    for code in HAN.code_points():
        char = start = chr(code)
        for _ in range(3):  # as the analyzer always did: fold to the end of a short chain
            simplified = str(convert(char))
            if len(simplified) != 1 or simplified == char:
                break
            char = simplified
        if char != start:
            lines.append(f"{start}{char}\n")
    return HEADER + "".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    text = table_text()
    if args.check:
        if TABLE.read_text(encoding="utf-8") != text:
            print(f"{TABLE} is stale: run scripts/make_fold_table.py", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({text.count(chr(10)) - 2:,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
