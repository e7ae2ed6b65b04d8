"""The campaign's own logic: the one progress status (status), the watchlist's findings
(watchlist), meeting reports (meeting) and their files (export: PowerPoint, Excel, CSV), the
monthly emulation grades (emulation), custom groups (groups), roles and who is asking (auth), and
the unit page's sentences (unit_detail).

May import: sangkien.core and sangkien.storage. Never ingest, web, ops, cli or Streamlit (what
is drawn lives in sangkien.web; who is signed in on the web reaches auth through the provider
that sangkien.web.signin registers).
"""
