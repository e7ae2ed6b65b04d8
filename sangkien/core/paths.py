"""The repository's places, once: its root (app.py, pages/, queries/), data/ and the write
side's SQL folder. Every module that needs a path of the checkout reads it here."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SQL_DIR = ROOT / "sangkien" / "sql"
