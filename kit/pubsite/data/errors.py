"""Errors about the owner's data, phrased so a researcher can fix the file without reading Python."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong in a data file: where it is (file, line, entry, field) and what is wrong."""

    file: str
    message: str
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts + [self.message])


class DataError(Exception):
    """Raised with every problem found, so one build reports them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        files = sorted({problem.file for problem in self.problems})
        lines = [f"{head} in {files[0] if len(files) == 1 else 'the data files'}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class ImportFailed(Exception):
    """``pubsite import`` wrote nothing; the message says why, naming the file and line where it can."""
