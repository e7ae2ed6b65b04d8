"""Exports built from query results: CSV for any table, Excel workbooks, PowerPoint decks.

Numbers stay numbers (Excel and PowerPoint show them with the reader's separators: 66.775 and
15,6% on a Vietnamese Office); only table cells on slides are pre-formatted text from fmt.
Every text cell a spreadsheet could read as a formula (beginning with =, +, -, @, tab or CR)
is neutralised, because exported names and labels can come from user input (custom groups).

One module per format (csv_file, xlsx_file, pptx_file) over what they share (tables); the names
below are the package's API. No Streamlit here: the download buttons are sangkien/web/downloads.py.
"""

from sangkien.campaign.export.csv_file import CSV_DIALECT, csv_bytes, table_csv
from sangkien.campaign.export.pptx_file import COLOURS, HIGHLIGHT, pptx_bytes
from sangkien.campaign.export.tables import (
    FMT_COUNT,
    FMT_DATE,
    FMT_MINUTE,
    FMT_ONE_DECIMAL,
    FMT_PCT,
    FMT_RANK,
    FMT_SIGNED,
    FORMULA_STARTS,
    MIME,
    Chart,
    Deck,
    Slide,
    Table,
    file_stem,
    neutralise,
    number_format,
)
from sangkien.campaign.export.xlsx_file import xl_col, xlsx_bytes

__all__ = [
    "CSV_DIALECT",
    "COLOURS",
    "FMT_COUNT",
    "FMT_DATE",
    "FMT_MINUTE",
    "FMT_ONE_DECIMAL",
    "FMT_PCT",
    "FMT_RANK",
    "FMT_SIGNED",
    "FORMULA_STARTS",
    "HIGHLIGHT",
    "MIME",
    "Chart",
    "Deck",
    "Slide",
    "Table",
    "csv_bytes",
    "file_stem",
    "neutralise",
    "number_format",
    "pptx_bytes",
    "table_csv",
    "xl_col",
    "xlsx_bytes",
]
