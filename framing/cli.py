"""The ``framing`` command line: a thin layer that parses options, calls the library, prints.

Exit status of ``framing validate``: 0 when every input loaded, 1 when some inputs were rejected
(the rest loaded), 2 when the run failed (no corpus, nothing loadable, bad options).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from . import __version__
from .corpus import Corpus, load_corpus
from .errors import FramingError

__all__ = ["main"]

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_FAILED = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framing")
def main() -> None:
    """Compare how different news outlets tell the same story."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--all-changes", is_flag=True, help="Also list every cleaning change, not only counts."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
def validate(path: Path, all_changes: bool, quiet: bool) -> None:
    """Load the corpus at PATH (default: corpus/) and report what loaded and what did not.

    Prints, per outlet, articles, words, sentences and date range; then every rejected or flagged
    input with its reason. Exit status: 0 all loaded, 1 some inputs rejected, 2 failed.
    """
    try:
        corpus = load_corpus(path, progress=not quiet)
    except FramingError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(_validation_report(corpus, all_changes=all_changes))
    sys.exit(EXIT_REJECTED if len(corpus.rejected) else EXIT_OK)


def _validation_report(corpus: Corpus, *, all_changes: bool) -> str:
    articles = corpus.articles
    lines = [
        f"{corpus.path}: {len(articles)} articles from {articles['outlet'].nunique()} outlets, "
        f"{int(articles['n_words'].sum()):,} words, {len(corpus.sentences):,} sentences",
        "",
        _outlet_table(corpus),
    ]
    log = corpus.log
    for title, actions in (
        ("Rejected", ["rejected"]),
        ("Flagged", ["flagged", "merged", "decoded", "skipped"]),
    ):
        rows = log[log["action"].isin(actions)]
        lines += ["", f"{title} ({len(rows)}):"] + [
            f"  {r.source}: {r.detail}" for r in rows.itertuples()
        ]
    changes = log[log["action"].isin(["removed", "repaired", "changed"])]
    lines += ["", f"Cleaning changes ({len(changes)}):"]
    if all_changes:
        lines += [f"  {r.source}: {r.detail}" for r in changes.itertuples()]
    else:
        counts = changes.groupby("reason").size()
        lines += [f"  {reason}: {count}" for reason, count in counts.items()]
        if len(changes):
            lines.append("  (--all-changes lists each one)")
    return "\n".join(lines)


def _outlet_table(corpus: Corpus) -> str:
    summary = corpus.summary()
    table = pd.DataFrame(
        {
            "articles": summary["articles"],
            "words": summary["words"].map("{:,}".format),
            "sentences": summary["sentences"].map("{:,}".format),
            "dates": [
                _date_range(r.first_date, r.last_date, r.undated) for r in summary.itertuples()
            ],
        }
    )
    return table.to_string()


def _date_range(first: pd.Timestamp, last: pd.Timestamp, undated: int) -> str:
    if pd.isna(first):
        return "no dates"
    text = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
    return text + (f" ({undated} undated)" if undated else "")


if __name__ == "__main__":  # pragma: no cover
    main()
