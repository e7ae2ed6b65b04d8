"""The e-mailed reports: what a subscription (sangkien/campaign/subscriptions.py) receives.

content: the weekly pack's figures and sentences, read from the named queries (overview/kpis
at two minutes, status.frame and status.changes: the same status the pages show), as sections
of lines and tables that every surface draws the same; html_body: the HTML message (inline styles,
tables, no scripts or remote images) and its plain-text twin; docx_file: the Word "báo cáo" a
staff member edits and signs; alerts: what changed since the last alert (units entering or
leaving a progress risk, the scope's milestones); delivery: which slots are due, the claim that
makes two runs send once, and the run itself (sending through sangkien/campaign/mailer.py).

May import: core, storage and the rest of sangkien.campaign. Never web, ops, cli or Streamlit.
"""
