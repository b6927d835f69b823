"""The pledge notice as one self-contained HTML page for a unit's website.

No scripts, no outside files: the style is inline, every piece of data is escaped, the page
declares `lang="zh-Hant-HK"` (English parts `lang="en"`) and a phone-width viewport, and each
pledge is a block that reads on a phone as well as on a desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from repo_tool.domain.pledges import PledgeReport, PledgeResult, period_zh

_STYLE = """
body{font-family:"Noto Sans CJK TC","Noto Sans TC","PingFang HK","Microsoft JhengHei",sans-serif;
margin:0 auto;max-width:46rem;padding:1rem;line-height:1.6;color:#1d1d1d;background:#fff}
h1{font-size:1.7rem;margin:.2rem 0;text-align:center}
h1 span{display:block;font-size:1.15rem;font-weight:600}
.unit{text-align:center;margin:0 0 1rem}
.pledge{border:1px solid #c8d2dc;border-radius:.5rem;padding:.75rem 1rem;margin:.9rem 0}
.pledge h2{font-size:1rem;margin:0;color:#34506b}
.target{font-size:1.1rem;font-weight:600;margin:.2rem 0 0}
[lang=en]{color:#3a3a3a}
dl{margin:.5rem 0 0}dt{font-weight:600;margin-top:.4rem}dd{margin:0}
.met{color:#1b6b2f;font-weight:700}.not-met{color:#b02a2a;font-weight:700}
footer{border-top:1px solid #c8d2dc;margin-top:1.2rem;padding-top:.6rem}
"""

NO_COMPLAINTS_CHANNEL = "請向單位主管提出 please speak or write to the unit in-charge"


@dataclass(frozen=True)
class Channels:
    """How the public reaches the unit: its phone and email, and where complaints go."""

    phone: str | None
    email: str | None
    complaints: str | None

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) lines: enquiries, then feedback and complaints."""
        ways = []
        if self.phone:
            ways.append(f"電話 Tel {self.phone}")
        if self.email:
            ways.append(f"電郵 Email {self.email}")
        reach = "　".join(ways)
        complaints = self.complaints or NO_COMPLAINTS_CHANNEL
        return [("查詢 Enquiries: ", reach), ("意見及投訴 Feedback and complaints: ", complaints)]


def _en(text: str) -> str:
    return f'<span lang="en">{escape(text)}</span>'


def _result(result: PledgeResult) -> str:
    if result.latest is None:
        return f"未有成果 {_en('no result yet')}"
    period = result.latest.period
    css = "not-met" if result.verdict == "not met" else "met"
    return (f"{escape(period_zh(period))}<br>{_en(period.label)}<br>"
            f'{escape(result.amount)} <span class="{css}">{escape(result.verdict_text)}</span>')


def _pledge(result: PledgeResult) -> str:
    pledge = result.pledge
    watch = pledge.monitoring
    return (f'<section class="pledge" id="{escape(pledge.code.lower())}">'
            f"<h2>{escape(pledge.code)}</h2>"
            f'<p class="target">{escape(pledge.target_zh)}</p>'
            f'<p lang="en">{escape(pledge.target_en)}</p><dl>'
            f"<dt>最新成果 {_en('Latest result')}</dt><dd>{_result(result)}</dd>"
            f"<dt>監察方法 {_en('How we check')}</dt><dd>{escape(watch.text_zh)}<br>"
            f"{_en(watch.text_en)}</dd>"
            f"<dt>成果公布 {_en('Results')}</dt><dd>{escape(pledge.published_zh)}<br>"
            f"{_en(pledge.published_en)}</dd></dl></section>")


def notice_html(report: PledgeReport, reach: Channels, today: date) -> str:
    """The whole page."""
    pledges = report.pledges
    credited = (f"<p>本單位採用總辦事處的服務承諾。 {_en('These are the head office’s pledges, which apply to this unit.')}</p>"  # noqa: E501
                if pledges.from_head_office else "")
    contact = "".join(f"<p><strong>{escape(label)}</strong>{escape(value)}</p>"
                      for label, value in reach.lines())
    title = f"服務承諾 Performance Pledges – {report.name_zh}"
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-Hant-HK">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<header><h1>服務承諾 {_en('Performance Pledges')}</h1>"
            f'<p class="unit">{escape(report.name_zh)}<br>{_en(report.name_en)}</p></header>\n'
            f"<main>\n<p>本單位致力提供優質服務，並向服務使用者及公眾作出以下承諾：<br>"
            f"{_en('We are committed to quality service and make these pledges to our service users and the public:')}</p>\n"  # noqa: E501
            + "\n".join(_pledge(r) for r in report.results)
            + f"\n</main>\n<footer>{contact}"
            f"<p>承諾最後檢討日期 {_en('Pledges last reviewed')}: "
            f"{escape(pledges.reviewed.isoformat())}</p>{credited}"
            f"<p>{escape(report.name_zh)}　示 {_en(report.name_en)} · "
            f"{escape(today.isoformat())}</p></footer>\n</body>\n</html>\n")
