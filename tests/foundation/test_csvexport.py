"""CSV out: no cell a spreadsheet could run as a formula, whatever separator its locale uses."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from shared.csvexport import csv_line


def read_back(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=delimiter))


class TestFormulas:
    @pytest.mark.parametrize(
        "cell",
        [
            "=1+1",
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            " =1",
            "\u00a0=1",
            "\uff1d1+1",
            "=cmd|' /C calc'!A0",
        ],
    )
    def test_a_leading_trigger_is_defused(self, cell: str) -> None:
        [read] = read_back(csv_line([cell]), ",")
        assert read.startswith("'") and read.replace("'", "") == cell.replace("'", "")

    @pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
    @pytest.mark.parametrize(
        "cell", ["a;=1+1", "a,=1+1", "a\t=1+1", "a|@SUM(A1)", 'a;"=1+1', "a; -2+3", "a;\uff1d1", "=1;=2"]
    )
    def test_no_locale_splits_a_cell_into_a_formula(self, cell: str, delimiter: str) -> None:
        line = csv_line(["x", cell, "=y"])
        # Read as a spreadsheet set to this separator reads it: no field may start like a formula.
        for field in read_back(line, delimiter):
            assert not field.lstrip(' "\u00a0').startswith(("=", "+", "-", "@", "\uff1d")), (field, line)
        if delimiter == ",":
            assert read_back(line, ",")[1].replace("'", "") == cell.replace("'", "")

    def test_plain_values_stay_plain(self) -> None:
        assert csv_line(["SECOR", 42, -3, None, dt.date(2026, 12, 7)]) == "SECOR,42,-3,,2026-12-07\r\n"

    def test_quotes_and_line_breaks_round_trip(self) -> None:
        cell = 'He said "stop"\nthen left'
        assert read_back(csv_line([cell, "b"]), ",") == [cell, "b"]
