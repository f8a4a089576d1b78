"""How pages show the claims: a claim as a box of its verdict's colour (the `claim` macro of
site_hooks/results.py puts one on its page), and the claims page, generated from the ledger's
verdicts."""

from __future__ import annotations

from figures_src.claims.ledger import TOPICS
from figures_src.claims.rules import (CONFIRMED, CONTRADICTED, INCONCLUSIVE, NOT_TESTED, QUALIFIED, VERDICTS,
                                      margin_text)

ADMONITION = {CONFIRMED: "confirmed", QUALIFIED: "qualified", CONTRADICTED: "contradicted",
              INCONCLUSIVE: "inconclusive", NOT_TESTED: "untested"}


OURS = "Our question"  # how the site's own questions are marked apart from the lecture's claims


def headline(record: dict) -> str:
    mark = f" ({OURS.lower()}, not the lecture's)" if record.get("ours") else ""
    return f"{record['verdict'].capitalize()}{mark}: {record['says']}"


def box(record: dict, title: str, body: str = "", link: str = "", id: str = "") -> str:
    """A claim as Material admonition markup: its title, the page's own words about it (`body`),
    the evidence, then `link` (Markdown) and, with `id`, an anchor."""
    measured = "Why not" if record["verdict"] == NOT_TESTED else "Measured"
    anchor = f' id="{id}"' if id else ""
    return "\n".join([
        f'<div class="admonition {ADMONITION[record["verdict"]]} claim"{anchor} markdown>',
        f'<p class="admonition-title" markdown="span">{title}</p>',
        "", body.strip(), "",
        f"**{measured}:** {record['evidence']} {link}".rstrip(),
        "", "</div>", ""])


def claims_page(verdicts: dict[str, dict]) -> str:
    """The Markdown of the claims page: a count of verdicts, then every claim by topic."""
    counts = {verdict: sum(record["verdict"] == verdict for record in verdicts.values()) for verdict in VERDICTS}
    lines = ["| Verdict | Claims | Meaning |", "|---|---|---|"]
    lines += [f"| {verdict.capitalize()} | {count} | {VERDICTS[verdict]} |" for verdict, count in counts.items()]
    ours = sum(bool(record.get("ours")) for record in verdicts.values())
    if ours:
        lines += ["", f"{ours} of the {len(verdicts)} are the site's own questions, marked “{OURS}”: words of "
                      "the lecture prompted them, but the lecture does not claim them."]
    numbered = {id: number for number, id in enumerate(verdicts, start=1)}
    for topic, title in TOPICS.items():
        records = {id: record for id, record in verdicts.items() if record["topic"] == topic}
        lines += ["", f"## {title}", ""] if records else []
        for id, record in records.items():
            page = record["page"].partition(".md")[0]
            data = ", ".join(f"[{path}](figures/{path})" for path in record["data"])
            quote = (f"**{OURS}**, prompted by the lecture: “{record['lecture']}”" if record.get("ours")
                     else f"**The lecture:** “{record['lecture']}”")
            body = "\n\n".join(filter(None, [
                quote,
                f"**Decision rule:** {record['rule']}" if record["rule"] else ""]))
            margin = f"**Margin:** {margin_text(record['margin'])}" if record["margin"] else ""
            shown = f"*Shown on [{TOPICS[page]}]({record['page']})" + (f"; numbers in {data}*" if data else "*")
            after = "".join(f"\n\n{part}" for part in (margin, shown) if part)  # below what was measured
            lines.append(box(record, f"{numbered[id]}. {headline(record)}", body, link=after, id=id))
    return "\n".join(lines) + "\n"
