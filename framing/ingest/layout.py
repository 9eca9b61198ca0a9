"""Is a folder a corpus? Folders that never hold articles, and code projects taken for corpora.

A corpus folder holds one sub-folder per outlet. Pointed at a code repository by mistake
(``framing validate .`` at a project's root), the loader would read ``benchmarks/``, ``tests/``
and ``build/`` as outlets and reject hundreds of source files one by one; this module sees the
mistake first and says which folder was probably meant. Folders that are never articles (caches,
build output, installed packages, virtual environments) are skipped in any corpus, each logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .log import LogEntry

__all__ = [
    "not_a_corpus_folder",
    "ProjectSigns",
    "project_signs",
    "check_corpus_folder",
    "CODE_SUFFIXES",
    "PROJECT_FILES",
]

_NOT_ARTICLES = {
    "__pycache__": "Python bytecode cache",
    "node_modules": "JavaScript packages",
    "site-packages": "installed Python packages",
    "build": "build output",
    "dist": "build output",
}
PROJECT_FILES = (
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "package.json",
    "Cargo.toml",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "CMakeLists.txt",
    "__init__.py",
    "conftest.py",
)
"""Files that declare a code project (Python, JavaScript, Rust, Go, Java, C/C++) or a Python
package or test suite."""
_CODE_FOLDERS = ("src", "lib", "tests", "test", "benchmarks", "build", "dist", "node_modules")
# fmt: off
CODE_SUFFIXES = frozenset({
    ".py", ".pyi", ".pyx", ".ipynb", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".java", ".kt",
    ".scala", ".c", ".h", ".cc", ".cpp", ".hpp", ".rs", ".go", ".rb", ".php", ".pl", ".lua",
    ".jl", ".swift", ".cs", ".sh", ".bat", ".ps1", ".r", ".toml", ".yaml", ".yml", ".cfg", ".ini",
    ".lock",
})
# fmt: on
"""Source code and project configuration: never an article."""
_CORPUS_MARKERS = ("framing.toml", "manifest.csv", "manifest.jsonl")
_SEARCH_DEPTH = 2


def not_a_corpus_folder(folder: Path) -> str | None:
    """What ``folder`` holds when it cannot hold articles (a cache, build output, a virtual
    environment), else None. Judged by name, or by ``pyvenv.cfg`` for a virtual environment."""
    name = folder.name
    if name in _NOT_ARTICLES:
        return _NOT_ARTICLES[name]
    if name.endswith(".egg-info"):
        return "Python package metadata"
    if _is_file(folder / "pyvenv.cfg"):
        return "a Python virtual environment"
    return None


@dataclass(frozen=True)
class ProjectSigns:
    """What makes a folder look like a code project rather than a corpus."""

    project_files: tuple[str, ...]
    code_folders: tuple[str, ...]
    version_control: bool
    code_files: int
    files: int
    nested_code_files: int = 0

    @property
    def mostly_code(self) -> bool:
        """At least half of the files would be source code, and at least three of them sit
        where outlet folders would be: scripts and notebooks beside the articles (a scraper,
        an analysis) are a researcher's corpus folder, not a project."""
        return self.nested_code_files >= 3 and 2 * self.code_files >= self.files

    @property
    def is_project(self) -> bool:
        """Mostly source code, or a project file (``pyproject.toml``, ``__init__.py``) with code
        folders (``src/``, ``tests/``) or source files beside it. One sign alone (a corpus kept
        in git, a scraper script beside the articles) does not make a project."""
        return self.mostly_code or bool(
            self.project_files and (self.code_folders or self.code_files >= 3)
        )

    def describe(self) -> str:
        """The signs, as a clause: ``it has pyproject.toml, .git and tests/; 190 of 250 ...``."""
        has = [*self.project_files, *([".git"] if self.version_control else [])]
        has += [f"{name}/" for name in self.code_folders]
        parts = [f"it has {_listing(has)}"] if has else []
        if self.code_files:
            parts.append(
                f"{self.code_files:,} of its {self.files:,} files "
                f"{'is' if self.code_files == 1 else 'are'} source code or configuration"
            )
        return "; ".join(parts)


def project_signs(root: Path, files: Sequence[Path]) -> ProjectSigns:
    """The signs of a code project in ``root``, given the files the loader would read."""
    names = {entry.name: entry for entry in _entries(root)}
    top = {
        entry
        for name, entry in names.items()
        if _is_file(entry) and not name.startswith(".") and name not in _CORPUS_MARKERS
    }
    nested = sum(1 for file in files if file.suffix.lower() in CODE_SUFFIXES and file not in top)
    files = sorted(set(files) | top)  # top-level files are skipped, yet they show what this is
    code = sum(1 for file in files if file.suffix.lower() in CODE_SUFFIXES)
    return ProjectSigns(
        project_files=tuple(n for n in PROJECT_FILES if n in names and _is_file(names[n])),
        code_folders=tuple(n for n in _CODE_FOLDERS if n in names and _is_dir(names[n])),
        version_control=any(n in names for n in (".git", ".hg", ".svn")),
        code_files=code,
        files=len(files),
        nested_code_files=nested,
    )


def check_corpus_folder(root: Path, files: Sequence[Path], log: list[LogEntry]) -> None:
    """Refuse a code project given as a corpus, naming the signs and the folders that look like
    corpora inside it. A ``framing.toml`` in the folder says it is a corpus whatever it looks
    like: then the signs are logged (flagged) and the folder is read.

    Raises
    ------
    InputError
        When ``root`` looks like a code project and has no ``framing.toml``.
    """
    signs = project_signs(root, files)
    if not signs.is_project and not signs.project_files:
        return
    if signs.is_project and not _is_file(root / "framing.toml"):
        raise InputError(
            f"{root}: looks like a code project, not a corpus ({signs.describe()}). "
            f"{_suggestion(root)}"
        )
    detail = (
        f"looks like a code project ({signs.describe()}); read as a corpus "
        f"(one sub-folder per outlet) all the same"
    )
    log.append(LogEntry("./", None, "ingest", "flagged", "project_tree", detail))


def _suggestion(root: Path) -> str:
    """Where the corpus probably is, and how to say that ``root`` is one after all."""
    advice = (
        f"A corpus folder holds one sub-folder per outlet; if {root} is one, "
        "add a framing.toml to it"
    )
    found = corpus_candidates(root)
    if not found:
        return f"Point framing at the corpus folder. {advice}"
    named = " or ".join(f"{path.as_posix()}/" for path in found[:3])
    return f"Did you mean {named}? {advice}"


def corpus_candidates(root: Path, depth: int = _SEARCH_DEPTH) -> list[Path]:
    """Folders up to ``depth`` levels below ``root`` that hold a ``framing.toml`` or a
    manifest: those with a ``framing.toml`` first, then by path."""
    found: list[tuple[bool, Path]] = []
    level = [root]
    for _ in range(depth):
        below = []
        for folder in level:
            for entry in _entries(folder):
                if _searchable(entry):
                    below.append(entry)
                    markers = {m for m in _CORPUS_MARKERS if _is_file(entry / m)}
                    if markers:
                        found.append(("framing.toml" not in markers, entry))
        level = below
    return [path for _, path in sorted(found)]


def _searchable(entry: Path) -> bool:
    return (
        _is_dir(entry)
        and not entry.is_symlink()
        and not entry.name.startswith(".")
        and not_a_corpus_folder(entry) is None
    )


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False where the folder cannot be looked into (no permission)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    """``path.is_dir()``, False where the folder cannot be looked into (no permission)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
