"""The load test's protocol client (sangkien/ops/wsclient.py) against a real server: it sees what a tab sees."""

import asyncio

import pytest

from sangkien.ops import wsclient
from sangkien.ops.local_server import streamlit_server

pytestmark = pytest.mark.slow  # starts Streamlit servers

FAILING = """
import streamlit as st
st.write("before")
if st.query_params.get("boom"):
    raise ValueError("boom on purpose")
st.error("an error box")
"""


async def _views(url: str, pages: list[tuple[str, str]]) -> list[wsclient.View]:
    async with wsclient.connect(url) as ws:
        return [await wsclient.view(ws, page, query) for page, query in pages]


def test_pages_of_the_app_finish_without_problems(tiny_db):
    with streamlit_server(tiny_db) as (_proc, url):
        views = asyncio.run(_views(url, [("", ""), ("tien-do", ""), ("canh-bao", "lang=en"), ("khong-co-trang-nay", "")]))
    for seen in views[:3]:
        assert seen.problems == [], seen.problems
        assert seen.elements > 5 and seen.seconds > 0
    # the progress page draws other elements than the overview
    assert views[1].bytes != views[0].bytes
    assert any("page not found" in p for p in views[3].problems)


def test_exceptions_and_error_boxes_are_problems(tmp_path):
    script = tmp_path / "failing.py"
    script.write_text(FAILING, encoding="utf-8")
    with streamlit_server(None, script=script) as (_proc, url):
        quiet, boom = asyncio.run(_views(url, [("", ""), ("", "boom=1")]))
    assert quiet.problems == ["error box: an error box"]
    # the project's config redacts exception details (.streamlit/config.toml); the exception itself still counts
    assert len(boom.problems) == 1 and boom.problems[0].startswith("exception:")
