"""`python -m repo_tool.generate._render_worker`: fill one .docx template in a child process.

A template in the repository's `templates/` folder is written by whoever can edit the share, so
it is untrusted code in a sandboxed language that can still loop or build strings without end.
The parent (`_templating.render_docx`) runs it here under a memory limit and a time limit; this
process reads (template, context, dest) as a pickle on stdin, renders, and answers with one
JSON line on stdout: {"ok": true} or {"problem": "..."}.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path
from typing import Any


def main() -> int:
    template, context, dest = pickle.load(sys.stdin.buffer)
    answer: dict[str, Any]
    try:
        from repo_tool.generate._templating import render_here

        render_here(Path(template), context, Path(dest))
        answer = {"ok": True}
    except MemoryError:
        answer = {"problem": "it needs more memory than a form may use (a loop or a string "
                             "without end?)"}
    except RecursionError:
        answer = {"problem": "it calls itself without end (a recursive macro?)"}
    except Exception as exc:  # a RepoError's message, or the template engine's own words
        answer = {"problem": str(exc), "kind": type(exc).__name__}
    sys.stdout.write(json.dumps(answer) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
