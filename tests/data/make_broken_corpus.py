"""Write ``tests/data/broken-corpus/``: a corpus folder of broken and odd inputs (issue 13).

Each file is one kind of trouble a real corpus brings; ``broken-corpus/README.md`` lists them
with what framing should do. The files are committed; this script documents how they were made
and rebuilds them: ``python tests/data/make_broken_corpus.py``.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "broken-corpus"
GOOD = (
    "Officials in the capital said on Monday that the talks would resume next week. Both sides "
    "accused each other of shelling villages along the front line, and the ministry said it had "
    "evidence of the attacks."
)
RUSSIAN = (
    "Президент заявил во вторник, что переговоры с соседями зашли в тупик. По его словам, "
    "стороны отказались от договорённостей, достигнутых весной. Министерство обороны сообщило "
    "о новых ударах по приграничным сёлам и пообещало ответить."
)
JAPANESE = (
    "日本政府は月曜日、新しい経済対策を発表しました。対策には、中小企業への支援や、エネルギー価格の"
    "引き下げが含まれています。専門家は、この対策が景気の回復につながると期待しています。"
)
ARABIC = (
    "قال مسؤولون في العاصمة يوم الاثنين إن المحادثات ستستأنف الأسبوع المقبل. واتهم الجانبان "
    "بعضهما البعض بقصف القرى على طول خط المواجهة، وقالت الوزارة إن لديها أدلة على الهجمات."
)


CITIES = ("Kyiv", "Geneva", "Ankara", "Vienna", "Oslo", "Doha", "Minsk", "Riga", "Baku", "Rome")
TOPICS = ("grain", "prisoners", "gas", "ports", "sanctions", "borders", "water", "debt", "visas")


def body(n: int) -> str:
    """A distinct three-sentence report for input number ``n`` (no two inputs share a sentence,
    unless a file is meant as a duplicate)."""
    city, topic = CITIES[n % len(CITIES)], TOPICS[n % len(TOPICS)]
    return (
        f"Officials in {city} said on Monday that talks number {n} on {topic} would resume next "
        f"week. Both delegations accused each other of delaying item {n} of the {topic} agenda, "
        f"and the ministry in {city} said it had evidence of bad faith. Observers counted {n + 3} "
        "meetings so far this year."
    )


def files() -> dict[str, bytes]:
    rng = random.Random(13)
    good = f"A good headline\n{GOOD}\n"
    numbers = iter(range(100))

    def fresh() -> str:
        return body(next(numbers))

    return {
        # per-article files in outlet folders
        "wire/good.txt": good.encode(),
        "wire/reprint-same-outlet.txt": good.upper().encode(),  # same text, same outlet
        "daily/reprint-other-outlet.txt": good.encode(),  # same text, another outlet
        "daily/empty.txt": b"",
        "daily/whitespace-only.txt": b"  \n\n\t \n",
        "daily/binary-junk.txt": bytes(rng.randrange(256) for _ in range(3000)),
        "daily/png-renamed.txt": b"\x89PNG\r\n\x1a\n"
        + bytes(rng.randrange(256) for _ in range(500)),
        "daily/too-short.txt": b"Just five words here, really.",
        "daily/bom-utf8.txt": codecs.BOM_UTF8 + f"BOM headline\n{fresh()} With a BOM.".encode(),
        "daily/crlf.txt": f"CRLF headline\r\n{fresh()}\r\nA second paragraph here.\r\n".encode(),
        "daily/nul-bytes.txt": f"NUL title\n{body(40)[:60]}\x00{body(40)[60:]} More\x00.".encode(),
        "daily/controls.txt": f"Controls\n\x1b[31m{fresh()}\x07 The bell\x1b[0m rang.".encode(),
        "daily/rtl-override.txt": f"Override\n{fresh()} The \u202egnirts\u202c ends.".encode(),
        "daily/zero-width.txt": ("Zero width\n" + fresh().replace(" ", " \u200b")).encode(),
        "daily/utf16-no-bom.txt": f"UTF-16 headline\n{fresh()}".encode("utf-16-le"),
        "daily/windows-1252.txt": f"Café headline\n{fresh()} The café’s owner agreed.".encode(
            "cp1252"
        ),
        "daily/windows-1251-russian.txt": f"Заголовок\n{RUSSIAN}".encode("cp1251"),
        "daily/shift-jis-japanese.txt": f"見出し\n{JAPANESE}".encode("shift_jis"),
        "daily/arabic-rtl.txt": f"عنوان\n{ARABIC}".encode(),
        "daily/one-long-line.txt": ("A title\n" + " ".join(["talks resume"] * 20_000)).encode(),
        "daily/a name with spaces — ünïcode.md": f"# Markdown headline 🦆\n{fresh()}".encode(),
        "daily/no-suffix": good.encode(),
        "daily/scan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "daily/truncated.json": b'{"title": "Cut off", "text": "Officials in the capital said',
        "daily/list.json": b"[1, 2, 3]",
        "daily/no-text.json": b'{"title": "Nothing here", "author": "Nobody"}',
        "daily/lone-surrogate.json": (
            '{"title": "Bad \\ud800 escape", "text": "' + fresh() + ' Broken \\udfff escape."}'
        ).encode(),
        "daily/page.html": (
            "<html><head><title>Page headline</title><script>alert(1)</script></head><body>"
            "<nav>Home | World | Sport</nav><article><h1>Page headline</h1>"
            f"<p>{fresh()}</p><p>A second paragraph of the report follows here.</p></article>"
            "<footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"
        ).encode(),
        "daily/script-only.html": b"<html><body><script>var x = 1;</script></body></html>",
        "daily/nested/deeper/article.txt": f"Nested\n{fresh()} From a nested folder.".encode(),
        "daily/folder.txt/inside.txt": f"Odd folder\n{fresh()} In a folder named .txt.".encode(),
        "daily/.hidden-draft.txt": good.encode(),
        ".ipynb_checkpoints/draft-checkpoint.txt": good.encode(),
        # top level: documentation, stray files, tables
        "README.md": b"# Broken corpus\nSee tests/data/make_broken_corpus.py.\n",
        "notes.txt": b"my own notes, not an article",
        "table.jsonl": "\n".join(
            [
                json.dumps({"id": "t1", "outlet": "Table", "text": fresh() + " Row one."}),
                "{not json",
                json.dumps({"id": "t3", "outlet": "", "text": GOOD}),
                json.dumps({"id": "t4", "outlet": "Table", "text": ""}),
                json.dumps({"id": "t1", "outlet": "Table", "text": fresh() + " Same id."}),
                json.dumps(["a", "list"]),
                '{"id": "t7", "outlet": "Table", "text": "' + fresh() + ' \\ud83d lone."}',
            ]
        ).encode()
        + b"\n",
        "table-latin1.csv": f'id,outlet,text\nc1,Café Press,"{fresh()} Café."\n'.encode("latin-1"),
        "table-truncated.jsonl.gz": gzip.compress(
            ((json.dumps({"id": "g1", "outlet": "Gz", "text": GOOD}) + "\n") * 50).encode()
        )[:-40],
        "manifest.csv": (
            b"path,outlet,title,date\n"
            b"wire/good.txt,wire,A good headline,2022-02-18\n"
            b"../outside.txt,Evil,Outside,2022-02-18\n"
            b"/etc/passwd,Evil,Absolute,2022-02-18\n"
            b"wire/missing.txt,Wire Service,Missing,2022-02-18\n"
            b"daily/nested,Daily,A folder,2022-02-18\n"
            b",Daily,No path,2022-02-18\n"
            b"daily/crlf.txt,Daily,CRLF headline,February 2022\n"
        ),
    }


def main() -> None:
    if ROOT.exists():
        shutil.rmtree(ROOT)
    for name, data in files().items():
        path = ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    os.symlink("/etc/hostname", ROOT / "daily" / "link-outside.txt")
    print(f"{len(files()) + 1} inputs written under {ROOT}")


if __name__ == "__main__":
    main()
