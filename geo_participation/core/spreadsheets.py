"""CSV for spreadsheets (German ones first): semicolons, UTF-8 with a byte order mark, and text that cannot run."""

import csv
import io


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text: one starting with = + - @ (or a tab or return) would be run as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_writer() -> tuple[io.StringIO, "csv._writer"]:
    """A buffer that starts with the byte order mark (so that spreadsheet programs read UTF-8) and a writer with
    semicolons, as German spreadsheets expect."""
    out = io.StringIO()
    out.write("\ufeff")
    return out, csv.writer(out, delimiter=";", lineterminator="\r\n")
