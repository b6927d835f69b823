"""`repo-tool pack`: the evidence pack for a visit, and `pack --check` to verify one."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from repo_tool.cli._base import (
    by_option,
    cli,
    emit_json,
    json_option,
    open_repo,
    output_options,
    progress_bar,
    repo_option,
    sqs_numbers,
)
from repo_tool.errors import InvalidInput
from repo_tool.humanize import shown
from repo_tool.repository import current_actor

if TYPE_CHECKING:  # for annotations; the command imports the library when it runs
    from repo_tool.generate import Output


def sqs_ranges(values: tuple[str, ...]) -> tuple[int, ...]:
    """`1-16`, `2,14`, `--sqs 3 --sqs 5-7` -> sorted SQS numbers; all 16 when none given."""
    if not values:
        return tuple(range(1, 17))
    expanded: list[str] = []
    for value in values:
        for part in value.replace(",", " ").split():
            low, dash, high = part.partition("-")
            if dash and low.isdigit() and high.isdigit():
                expanded.extend(str(n) for n in range(int(low), int(high) + 1))
                if int(low) > int(high) or int(low) < 1 or int(high) > 16:
                    raise InvalidInput(f"'{part}' is not a range of SQS numbers within 1-16")
            else:
                expanded.append(part)
    return sqs_numbers(tuple(expanded))


@cli.command()
@click.option("--unit", "unit_code", default=None, help="The unit to pack.")
@click.option("--sqs", "sqs_values", multiple=True,
              help="SQS numbers: 1-16 (default), 2,14, or repeated.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Pack the versions current on this date (YYYY-MM-DD; default: today).")
@output_options(out_help="The zip to write, or a folder for pack-<unit>-<date>.zip (default: "
                "that name in the current folder).",
                pdf_help="Also put one PDF binder with bookmarks in the zip.",
                with_pdf=("zip", "pdf"))
@click.option("--ocr", is_flag=True, help="With --pdf: scanned PDFs and photos go into the "
              "binder as searchable PDFs (read by OCR now).")
@click.option("--check", "check_path", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Verify an existing pack against its manifest and checksums.")
@repo_option
@by_option
@json_option
def pack(unit_code: str | None, sqs_values: tuple[str, ...], as_of: datetime | None,
         output: Output, ocr: bool, check_path: Path | None, repo_path: Path | None,
         by: str | None, as_json: bool) -> None:
    """Zip a unit's evidence by SQS with a manifest, checksums, a cover and a PDF binder."""
    from repo_tool.cli.text import generated_lines

    if check_path is not None:
        from repo_tool.generate.pack import check_pack

        problems = check_pack(check_path)
        if as_json:
            emit_json({"pack": str(check_path), "problems": problems})
        else:
            for line in problems:
                click.echo(shown(line))
            if not problems:
                click.echo(f"{check_path}: every file matches MANIFEST.csv and SHA256SUMS")
        if problems:
            raise SystemExit(1)
        return
    if unit_code is None:
        raise click.UsageError("give --unit U to make a pack, or --check FILE.zip")
    numbers = sqs_ranges(sqs_values)
    day: date | None = as_of.date() if as_of else None
    from repo_tool.generate.pack import make_pack

    repo = open_repo(repo_path)
    with progress_bar("packing") as progress:
        result = make_pack(repo, unit_code, actor=current_actor(by), output=output,
                           numbers=numbers, as_of=day, ocr=ocr, on_progress=progress)
    if as_json:
        emit_json({"pack": str(result.path), "unit": result.unit, "as_of": result.as_of,
                   "files": [m.name for m in result.members], "extra": result.extra,
                   "not_in_binder": [{"file": n, "reason": r} for n, r in result.not_in_binder],
                   "warnings": result.warnings})
        return
    documents = len({m.packed.document.id for m in result.members})
    for line in generated_lines([result.file]):
        click.echo(line)
    click.echo(f"{documents} documents in {len(result.members)} files for {len(numbers)} SQS, "
               f"as of {result.as_of}")
    for name, reason in result.not_in_binder:
        click.echo(shown(f"not in the binder: {name}: {reason}"))
    for warning in result.warnings:
        click.echo(shown(f"warning: {warning}"), err=True)
