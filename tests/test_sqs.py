"""The 16 standards as data, and reading SQS numbers from folder and file names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from repo_tool.sqs import PRINCIPLES, STANDARDS, numbers_in_path, standard


def test_sixteen_standards_under_four_principles_with_both_names() -> None:
    assert [s.number for s in STANDARDS] == list(range(1, 17))
    assert [len([s for s in STANDARDS if s.principle == p.number]) for p in PRINCIPLES] == [
        3, 6, 2, 5]
    assert standard(14).label == "SQS 14 私隱和保密 Privacy and confidentiality"
    assert standard(15).name_en == "Complaints"


@given(number=st.integers(1, 16), sep=st.sampled_from(["", "-", "_", " "]),
       pad=st.booleans(), case=st.sampled_from(["SQS", "sqs", "Sqs"]),
       tail=st.sampled_from(["", " 私隱和保密", "_policy", "-Complaints"]))
def test_any_common_spelling_of_a_standard_in_a_folder_is_read(
        number: int, sep: str, pad: bool, case: str, tail: str) -> None:
    digits = f"{number:02d}" if pad else str(number)
    assert numbers_in_path(f"{case}{sep}{digits}{tail}/minutes.docx") == (number,)


@given(number=st.integers(17, 999))
def test_numbers_outside_1_to_16_are_not_standards(number: int) -> None:
    assert numbers_in_path(f"SQS-{number}/x.docx") == ()


def test_words_that_merely_contain_sqs_are_not_read_and_order_is_kept() -> None:
    assert numbers_in_path("HKCSQS2024/form 2.01.docx") == ()
    assert numbers_in_path("SQS-15 申訴/SQS14 overlap/SQS-15 again.docx") == (15, 14)
    assert numbers_in_path("SQS-1000/x") == ()
