"""The web app's furniture: the page registry (site), filters from the URL and the sidebar,
page chrome, controls and tables (ui), charts and their cache (charts, figcache), the tile map
(tiles), status legends (status_view), the window's size for the slides (screen), sign-in
widgets (signin), download buttons and editors that draw domain objects, and the one door to
Streamlit's internals (framework).

May import: core, storage, campaign, ingest, and Streamlit (its internals only through
sangkien.web.framework). Pages (pages/) and app.py import from here.
"""
